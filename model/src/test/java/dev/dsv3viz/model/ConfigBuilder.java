package dev.dsv3viz.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dsv3viz.model.config.ConfigReader;
import dev.dsv3viz.model.config.ModelConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code config.json} for tests, in the released DeepSeek-V3 key format, built with named setters.
 * {@link #tinyV3()} starts from the shapes of the {@code dsv3-tiny-a} fixture; tests change what they
 * are about. {@link #set} and {@link #remove} write any key, for tests of malformed configs.
 */
public final class ConfigBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode json;

    private ConfigBuilder(ObjectNode json) {
        this.json = json;
    }

    /**
     * 3 layers (1 dense, 2 MoE) of width 64, q LoRA 48, latent 32, 4 heads; 32 routed experts in 8 groups,
     * 4 groups kept, 8 + 1 shared chosen, sigmoid scores with the balancing bias ({@code noaux_tc}),
     * scaling 2.5; 2 MTP modules; plain RoPE; vocabulary 512.
     */
    public static ConfigBuilder tinyV3() {
        ObjectNode j = JSON.createObjectNode();
        j.putArray("architectures").add("DeepseekV3ForCausalLM");
        j.put("model_type", "deepseek_v3");
        j.put("vocab_size", 512);
        j.put("hidden_size", 64);
        j.put("intermediate_size", 160);
        j.put("num_hidden_layers", 3);
        j.put("max_position_embeddings", 256);
        j.put("rms_norm_eps", 1e-6);
        j.put("tie_word_embeddings", false);
        j.put("num_attention_heads", 4);
        j.put("num_key_value_heads", 4);
        j.put("q_lora_rank", 48);
        j.put("kv_lora_rank", 32);
        j.put("qk_nope_head_dim", 16);
        j.put("qk_rope_head_dim", 8);
        j.put("v_head_dim", 16);
        j.put("n_routed_experts", 32);
        j.put("n_shared_experts", 1);
        j.put("num_experts_per_tok", 8);
        j.put("moe_intermediate_size", 24);
        j.put("n_group", 8);
        j.put("topk_group", 4);
        j.put("first_k_dense_replace", 1);
        j.put("moe_layer_freq", 1);
        j.put("scoring_func", "sigmoid");
        j.put("topk_method", "noaux_tc");
        j.put("norm_topk_prob", true);
        j.put("routed_scaling_factor", 2.5);
        j.put("num_nextn_predict_layers", 2);
        j.put("rope_theta", 10000.0);
        j.putNull("rope_scaling");
        j.put("rope_interleave", true);
        return new ConfigBuilder(j);
    }

    public ConfigBuilder vocabSize(int v) {
        json.put("vocab_size", v);
        return this;
    }

    public ConfigBuilder hiddenSize(int v) {
        json.put("hidden_size", v);
        return this;
    }

    public ConfigBuilder intermediateSize(int v) {
        json.put("intermediate_size", v);
        return this;
    }

    public ConfigBuilder numHiddenLayers(int v) {
        json.put("num_hidden_layers", v);
        return this;
    }

    /** A q LoRA rank; null for a direct query projection, as DeepSeek-V2-Lite writes it. */
    public ConfigBuilder qLoraRank(Integer v) {
        if (v == null) {
            json.putNull("q_lora_rank");
        } else {
            json.put("q_lora_rank", v);
        }
        return this;
    }

    public ConfigBuilder kvLoraRank(int v) {
        json.put("kv_lora_rank", v);
        return this;
    }

    public ConfigBuilder qkNopeHeadDim(int v) {
        json.put("qk_nope_head_dim", v);
        return this;
    }

    public ConfigBuilder qkRopeHeadDim(int v) {
        json.put("qk_rope_head_dim", v);
        return this;
    }

    public ConfigBuilder vHeadDim(int v) {
        json.put("v_head_dim", v);
        return this;
    }

    public ConfigBuilder nRoutedExperts(int v) {
        json.put("n_routed_experts", v);
        return this;
    }

    public ConfigBuilder numExpertsPerTok(int v) {
        json.put("num_experts_per_tok", v);
        return this;
    }

    public ConfigBuilder moeIntermediateSize(int v) {
        json.put("moe_intermediate_size", v);
        return this;
    }

    public ConfigBuilder nGroup(int v) {
        json.put("n_group", v);
        return this;
    }

    public ConfigBuilder topkGroup(int v) {
        json.put("topk_group", v);
        return this;
    }

    /** {@code sigmoid} or {@code softmax}. */
    public ConfigBuilder scoringFunc(String v) {
        json.put("scoring_func", v);
        return this;
    }

    /** {@code noaux_tc}, {@code greedy} or {@code group_limited_greedy}. */
    public ConfigBuilder topkMethod(String v) {
        json.put("topk_method", v);
        return this;
    }

    public ConfigBuilder normTopkProb(boolean v) {
        json.put("norm_topk_prob", v);
        return this;
    }

    public ConfigBuilder routedScalingFactor(double v) {
        json.put("routed_scaling_factor", v);
        return this;
    }

    public ConfigBuilder numNextnPredictLayers(int v) {
        json.put("num_nextn_predict_layers", v);
        return this;
    }

    public ConfigBuilder maxPositionEmbeddings(int v) {
        json.put("max_position_embeddings", v);
        return this;
    }

    /** YaRN RoPE scaling with DeepSeek's defaults for beta_fast (32) and beta_slow (1). */
    public ConfigBuilder yarn(double factor, int originalMaxPositions, double mscale, double mscaleAllDim) {
        ObjectNode r = json.putObject("rope_scaling");
        r.put("type", "yarn");
        r.put("factor", factor);
        r.put("original_max_position_embeddings", originalMaxPositions);
        r.put("beta_fast", 32);
        r.put("beta_slow", 1);
        r.put("mscale", mscale);
        r.put("mscale_all_dim", mscaleAllDim);
        return this;
    }

    /** Any key set to any JSON value given as text, e.g. {@code set("hidden_size", "\"wide\"")}. */
    public ConfigBuilder set(String key, String jsonValue) {
        try {
            json.set(key, JSON.readTree(jsonValue));
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + jsonValue, e);
        }
        return this;
    }

    public ConfigBuilder remove(String key) {
        json.remove(key);
        return this;
    }

    public String json() {
        return json.toPrettyString();
    }

    public ModelConfig build() {
        return ConfigReader.parse(json());
    }

    /** Writes {@code config.json} into {@code dir} and returns its path. */
    public Path writeTo(Path dir) {
        try {
            return Files.writeString(dir.resolve("config.json"), json());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
