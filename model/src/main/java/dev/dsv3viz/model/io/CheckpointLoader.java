package dev.dsv3viz.model.io;

import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.config.ConfigReader;
import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.config.TopkMethod;
import dev.dsv3viz.model.nn.BlockWeights;
import dev.dsv3viz.model.nn.MlaWeights;
import dev.dsv3viz.model.nn.MlpWeights;
import dev.dsv3viz.model.nn.ModelWeights;
import dev.dsv3viz.model.nn.MoeWeights;
import dev.dsv3viz.model.nn.MtpWeights;
import dev.dsv3viz.model.nn.Tensors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads a Hugging Face-layout DeepSeek-V3 checkpoint folder. The expected tensors and shapes are
 * derived from config.json into an explicit name table ({@link #expectedTensors}); before any weight is
 * read, the folder's tensors are compared with it, and every missing, unexpected or mis-shaped tensor
 * is reported in one error.
 */
public final class CheckpointLoader {
    private CheckpointLoader() {
    }

    /** A loaded checkpoint: its folder, config and weights. */
    public record Checkpoint(Path dir, ModelConfig config, ModelWeights weights) {
    }

    public static Checkpoint load(Path dir) {
        ModelConfig config = ConfigReader.read(dir.resolve("config.json"));
        TensorStore store = TensorStore.open(dir);
        Map<String, long[]> expected = expectedTensors(config);
        Set<String> optional = optionalTensors(config);
        checkNames(dir, store, expected, optional);
        long total = 0;
        long largest = 0;
        for (long[] shape : expected.values()) {
            long bytes = 4;
            for (long d : shape) {
                bytes = Math.multiplyExact(bytes, d);
            }
            total = Math.addExact(total, bytes);
            largest = Math.max(largest, bytes);
        }
        MemoryCheck.require(dir, total, largest, MemoryCheck.budget(), Runtime.getRuntime().maxMemory());
        return new Checkpoint(dir, config, new Reader(config, store).weights());
    }

    /** Weights read from any source that holds the names and shapes of {@link #expectedTensors}. */
    public static ModelWeights weights(ModelConfig config, TensorSource source) {
        return new Reader(config, source).weights();
    }

    /** Every tensor a checkpoint of this config must hold, with its shape as stored (out, in). */
    public static Map<String, long[]> expectedTensors(ModelConfig c) {
        Map<String, long[]> t = new LinkedHashMap<>();
        long h = c.hiddenSize();
        t.put("model.embed_tokens.weight", new long[]{c.vocabSize(), h});
        t.put("model.norm.weight", new long[]{h});
        if (!c.tieWordEmbeddings()) {
            t.put("lm_head.weight", new long[]{c.vocabSize(), h});
        }
        int all = c.numHiddenLayers() + c.numNextnPredictLayers();
        for (int i = 0; i < all; i++) {
            String p = "model.layers." + i + ".";
            t.put(p + "input_layernorm.weight", new long[]{h});
            t.put(p + "post_attention_layernorm.weight", new long[]{h});
            attention(c, p + "self_attn.", t);
            if (c.isMoeLayer(i)) {
                moe(c, p + "mlp.", t);
            } else {
                mlp(p + "mlp.", c.intermediateSize(), h, t);
            }
            if (i >= c.numHiddenLayers()) {
                t.put(p + "enorm.weight", new long[]{h});
                t.put(p + "hnorm.weight", new long[]{h});
                t.put(p + "eh_proj.weight", new long[]{h, 2 * h});
                t.put(p + "shared_head.norm.weight", new long[]{h});
            }
        }
        return t;
    }

    /**
     * Tensors a checkpoint may hold but need not: the MTP modules' copies of the embedding and head
     * (the released checkpoints store them; the modules share the main model's when absent), and
     * {@code lm_head} when the embeddings are tied.
     */
    public static Set<String> optionalTensors(ModelConfig c) {
        Set<String> o = new TreeSet<>();
        for (int k = 1; k <= c.numNextnPredictLayers(); k++) {
            String p = "model.layers." + c.mtpLayerIndex(k) + ".";
            o.add(p + "embed_tokens.weight");
            o.add(p + "shared_head.head.weight");
        }
        if (c.tieWordEmbeddings()) {
            o.add("lm_head.weight");
        }
        return o;
    }

    /** The shape of an optional tensor. */
    private static long[] optionalShape(ModelConfig c) {
        return new long[]{c.vocabSize(), c.hiddenSize()};
    }

    private static void attention(ModelConfig c, String p, Map<String, long[]> t) {
        long h = c.hiddenSize();
        long heads = c.numAttentionHeads();
        if (c.hasQLora()) {
            t.put(p + "q_a_proj.weight", new long[]{c.qLoraRank(), h});
            t.put(p + "q_a_layernorm.weight", new long[]{c.qLoraRank()});
            t.put(p + "q_b_proj.weight", new long[]{heads * c.qkHeadDim(), c.qLoraRank()});
        } else {
            t.put(p + "q_proj.weight", new long[]{heads * c.qkHeadDim(), h});
        }
        t.put(p + "kv_a_proj_with_mqa.weight", new long[]{c.kvLoraRank() + c.qkRopeHeadDim(), h});
        t.put(p + "kv_a_layernorm.weight", new long[]{c.kvLoraRank()});
        t.put(p + "kv_b_proj.weight", new long[]{heads * (c.qkNopeHeadDim() + c.vHeadDim()), c.kvLoraRank()});
        t.put(p + "o_proj.weight", new long[]{h, heads * c.vHeadDim()});
    }

    private static void moe(ModelConfig c, String p, Map<String, long[]> t) {
        long h = c.hiddenSize();
        t.put(p + "gate.weight", new long[]{c.nRoutedExperts(), h});
        if (c.topkMethod() == TopkMethod.NOAUX_TC) {
            t.put(p + "gate.e_score_correction_bias", new long[]{c.nRoutedExperts()});
        }
        for (int e = 0; e < c.nRoutedExperts(); e++) {
            mlp(p + "experts." + e + ".", c.moeIntermediateSize(), h, t);
        }
        if (c.nSharedExperts() > 0) {
            mlp(p + "shared_experts.", (long) c.moeIntermediateSize() * c.nSharedExperts(), h, t);
        }
    }

    private static void mlp(String p, long width, long h, Map<String, long[]> t) {
        t.put(p + "gate_proj.weight", new long[]{width, h});
        t.put(p + "up_proj.weight", new long[]{width, h});
        t.put(p + "down_proj.weight", new long[]{h, width});
    }

    private static void checkNames(Path dir, TensorStore store, Map<String, long[]> expected, Set<String> optional) {
        List<String> problems = new ArrayList<>();
        Set<String> present = store.names();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            if (!present.contains(e.getKey())) {
                problems.add("missing " + e.getKey() + " " + Arrays.toString(e.getValue()));
            } else if (!Arrays.equals(store.shape(e.getKey()), e.getValue())) {
                problems.add("wrong shape " + e.getKey() + ": " + Arrays.toString(store.shape(e.getKey()))
                        + ", expected " + Arrays.toString(e.getValue()));
            }
        }
        for (String name : new TreeSet<>(present)) {
            if (!expected.containsKey(name) && !optional.contains(name)) {
                problems.add("unexpected " + name + " " + Arrays.toString(store.shape(name)));
            } else if (!store.dtype(name).isFloatingPoint()) {
                problems.add("not a floating-point tensor " + name + " (" + store.dtype(name) + ")");
            }
        }
        if (!problems.isEmpty()) {
            int shown = Math.min(problems.size(), 40);
            StringBuilder msg = new StringBuilder(dir + ": the weights do not match config.json ("
                    + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "):");
            problems.subList(0, shown).forEach(p -> msg.append("\n  ").append(p));
            if (shown < problems.size()) {
                msg.append("\n  ... and ").append(problems.size() - shown).append(" more");
            }
            throw new ModelException(msg.toString());
        }
    }

    /** Reads the checked tensors into weight records, transposing projections to (in, out). */
    private record Reader(ModelConfig c, TensorSource store) {
        ModelWeights weights() {
            INDArray embedding = plain("model.embed_tokens.weight");
            INDArray head = c.tieWordEmbeddings() && !store.names().contains("lm_head.weight")
                    ? embedding.transpose().dup('c') : linear("lm_head.weight");
            List<BlockWeights> layers = new ArrayList<>();
            for (int i = 0; i < c.numHiddenLayers(); i++) {
                layers.add(block(i));
            }
            List<MtpWeights> mtp = new ArrayList<>();
            for (int k = 1; k <= c.numNextnPredictLayers(); k++) {
                int i = c.mtpLayerIndex(k);
                String p = "model.layers." + i + ".";
                INDArray ownEmbedding = store.names().contains(p + "embed_tokens.weight")
                        ? checkedOptional(p + "embed_tokens.weight", false) : embedding;
                INDArray ownHead = store.names().contains(p + "shared_head.head.weight")
                        ? checkedOptional(p + "shared_head.head.weight", true) : head;
                mtp.add(new MtpWeights(plain(p + "enorm.weight"), plain(p + "hnorm.weight"), linear(p + "eh_proj.weight"),
                        block(i), plain(p + "shared_head.norm.weight"), ownEmbedding, ownHead));
            }
            return new ModelWeights(embedding, layers, plain("model.norm.weight"), head, mtp);
        }

        private INDArray checkedOptional(String name, boolean transpose) {
            if (!Arrays.equals(store.shape(name), optionalShape(c))) {
                throw new ModelException("\"" + name + "\" has shape "
                        + Arrays.toString(store.shape(name)) + ", expected " + Arrays.toString(optionalShape(c)) + ".");
            }
            return transpose ? linear(name) : plain(name);
        }

        private BlockWeights block(int i) {
            String p = "model.layers." + i + ".";
            String a = p + "self_attn.";
            MlaWeights mla = c.hasQLora()
                    ? new MlaWeights(linear(a + "q_a_proj.weight"), plain(a + "q_a_layernorm.weight"),
                    linear(a + "q_b_proj.weight"), linear(a + "kv_a_proj_with_mqa.weight"),
                    plain(a + "kv_a_layernorm.weight"), linear(a + "kv_b_proj.weight"), linear(a + "o_proj.weight"))
                    : new MlaWeights(null, null, linear(a + "q_proj.weight"), linear(a + "kv_a_proj_with_mqa.weight"),
                    plain(a + "kv_a_layernorm.weight"), linear(a + "kv_b_proj.weight"), linear(a + "o_proj.weight"));
            String m = p + "mlp.";
            MlpWeights dense = null;
            MoeWeights moe = null;
            if (c.isMoeLayer(i)) {
                List<MlpWeights> experts = new ArrayList<>();
                for (int e = 0; e < c.nRoutedExperts(); e++) {
                    experts.add(mlp(m + "experts." + e + "."));
                }
                float[] bias = c.topkMethod() == TopkMethod.NOAUX_TC ? store.floats(m + "gate.e_score_correction_bias") : null;
                moe = new MoeWeights(linear(m + "gate.weight"), bias, experts,
                        c.nSharedExperts() > 0 ? mlp(m + "shared_experts.") : null);
            } else {
                dense = mlp(m);
            }
            return new BlockWeights(plain(p + "input_layernorm.weight"), mla, plain(p + "post_attention_layernorm.weight"),
                    dense, moe);
        }

        private MlpWeights mlp(String p) {
            return new MlpWeights(linear(p + "gate_proj.weight"), linear(p + "up_proj.weight"), linear(p + "down_proj.weight"));
        }

        /** A tensor as stored. */
        private INDArray plain(String name) {
            long[] shape = store.shape(name);
            return Tensors.array(store.floats(name), shape);
        }

        /** A projection stored (out, in) as Hugging Face does, returned (in, out). */
        private INDArray linear(String name) {
            long[] shape = store.shape(name); // (out, in)
            int out = (int) shape[0];
            int in = (int) shape[1];
            float[] w = store.floats(name);
            float[] t = new float[w.length];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    t[i * out + o] = w[o * in + i];
                }
            }
            return Tensors.array(t, in, out); // (in, out)
        }
    }
}
