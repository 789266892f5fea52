package dev.dsv3viz.model.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dsv3viz.model.ModelException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

/**
 * Reads a {@code config.json} in the released DeepSeek-V3 key format. Keys the model does not use are
 * ignored; a missing required key or a value of the wrong kind is an error naming the file and the key.
 * Optional keys take the defaults of Hugging Face's {@code DeepseekV3Config}.
 */
public final class ConfigReader {
    /** Larger than any real config.json by two orders of magnitude; refuses to parse a stray weight file. */
    private static final long MAX_CONFIG_BYTES = 4L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigReader() {
    }

    public static ModelConfig read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new ModelException(file + ": no config.json here; a checkpoint folder needs one.");
            }
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw new ModelException(file + ": too large for a config.json (" + Files.size(file) + " bytes).");
            }
            return parse(Files.readString(file));
        } catch (ConfigException e) {
            throw new ModelException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelException(file + ": cannot be read (" + e.getMessage() + ").", e);
        }
    }

    /** Parses config.json text; errors name the key but not a file. */
    public static ModelConfig parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException("(file)", "is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException("(file)", "must be a JSON object");
        }
        Keys k = new Keys(root);
        int maxPositions = k.optInt("max_position_embeddings", 4096);
        int routed = k.optInt("n_routed_experts", 0);
        return new ModelConfig(
                k.reqInt("vocab_size"), k.reqInt("hidden_size"), k.reqInt("num_hidden_layers"),
                k.reqInt("intermediate_size"), maxPositions, k.optDouble("rms_norm_eps", 1e-6),
                k.optBool("tie_word_embeddings", false),
                k.reqInt("num_attention_heads"), k.optInt("q_lora_rank", 0), k.reqInt("kv_lora_rank"),
                k.reqInt("qk_nope_head_dim"), k.reqInt("qk_rope_head_dim"), k.reqInt("v_head_dim"),
                routed, k.optInt("n_shared_experts", 0),
                routed > 0 ? k.reqInt("num_experts_per_tok") : k.optInt("num_experts_per_tok", 0),
                routed > 0 ? k.reqInt("moe_intermediate_size") : k.optInt("moe_intermediate_size", 0),
                k.optInt("n_group", 1), k.optInt("topk_group", 1), k.optInt("first_k_dense_replace", 0),
                k.optInt("moe_layer_freq", 1),
                k.optEnum("scoring_func", ScoringFunction.class, ScoringFunction.SIGMOID),
                k.optEnum("topk_method", TopkMethod.class, TopkMethod.NOAUX_TC),
                k.optBool("norm_topk_prob", true), k.optDouble("routed_scaling_factor", 1.0),
                k.optInt("num_nextn_predict_layers", 0),
                k.optDouble("rope_theta", 10000.0), ropeScaling(root.get("rope_scaling"), maxPositions),
                k.optBool("rope_interleave", true));
    }

    private static RopeScaling ropeScaling(JsonNode node, int maxPositions) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new ConfigException("rope_scaling", "must be an object or null");
        }
        Keys k = new Keys(node, "rope_scaling.");
        String type = node.hasNonNull("type") ? k.reqString("type") : k.optString("rope_type", "yarn");
        if (!type.equals("yarn")) {
            throw new ConfigException("rope_scaling.type", "is \"" + type + "\"; only \"yarn\" (DeepSeek-V2/V3) is supported");
        }
        return new RopeScaling(k.reqDouble("factor"), k.optInt("original_max_position_embeddings", maxPositions),
                k.optDouble("beta_fast", 32), k.optDouble("beta_slow", 1), k.optDouble("mscale", 1),
                k.optDouble("mscale_all_dim", 0));
    }

    /** Typed access to one JSON object's keys; null counts as absent. */
    private record Keys(JsonNode node, String prefix) {
        Keys(JsonNode node) {
            this(node, "");
        }

        private JsonNode get(String key) {
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? null : v;
        }

        int reqInt(String key) {
            JsonNode v = get(key);
            if (v == null) {
                throw new ConfigException(prefix + key, "is missing");
            }
            return asInt(key, v);
        }

        int optInt(String key, int fallback) {
            JsonNode v = get(key);
            return v == null ? fallback : asInt(key, v);
        }

        private int asInt(String key, JsonNode v) {
            if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToInt()) {
                throw new ConfigException(prefix + key, "must be a whole number, was " + v);
            }
            return v.intValue();
        }

        double reqDouble(String key) {
            JsonNode v = get(key);
            if (v == null) {
                throw new ConfigException(prefix + key, "is missing");
            }
            return asDouble(key, v);
        }

        double optDouble(String key, double fallback) {
            JsonNode v = get(key);
            return v == null ? fallback : asDouble(key, v);
        }

        private double asDouble(String key, JsonNode v) {
            if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                throw new ConfigException(prefix + key, "must be a number, was " + v);
            }
            return v.doubleValue();
        }

        boolean optBool(String key, boolean fallback) {
            JsonNode v = get(key);
            if (v == null) {
                return fallback;
            }
            if (!v.isBoolean()) {
                throw new ConfigException(prefix + key, "must be true or false, was " + v);
            }
            return v.booleanValue();
        }

        String reqString(String key) {
            JsonNode v = get(key);
            if (v == null || !v.isTextual()) {
                throw new ConfigException(prefix + key, v == null ? "is missing" : "must be a string, was " + v);
            }
            return v.textValue();
        }

        String optString(String key, String fallback) {
            return get(key) == null ? fallback : reqString(key);
        }

        <E extends Enum<E> & JsonNamed> E optEnum(String key, Class<E> type, E fallback) {
            if (get(key) == null) {
                return fallback;
            }
            String text = reqString(key);
            for (E e : type.getEnumConstants()) {
                if (e.jsonName().equals(text)) {
                    return e;
                }
            }
            StringJoiner allowed = new StringJoiner(", ");
            for (E e : type.getEnumConstants()) {
                allowed.add(e.jsonName());
            }
            throw new ConfigException(prefix + key, "is \"" + text + "\"; expected one of " + allowed);
        }
    }
}
