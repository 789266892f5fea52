package dev.dsv3viz.model.training;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.nn.BlockWeights;
import dev.dsv3viz.model.nn.MlaWeights;
import dev.dsv3viz.model.nn.MlpWeights;
import dev.dsv3viz.model.nn.ModelWeights;
import dev.dsv3viz.model.nn.MoeWeights;
import dev.dsv3viz.model.nn.MtpWeights;
import dev.dsv3viz.model.nn.Nd4jRuntime;
import dev.dsv3viz.model.nn.Rope;
import dev.dsv3viz.model.nn.Tensors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * DeepSeek-V3 for training, with hand-written backward passes: the engine's computation (naive MLA,
 * the engine's router, only the chosen experts computed, the chained MTP modules) over B windows of T
 * positions, and the training loss
 * <pre>
 *   loss = CE(main) + λ/D · Σ_k CE(MTP k) + α · Σ_layers sequence-wise balance loss
 * </pre>
 * A window holds T + D + 1 tokens: the main model reads positions 0..T-1 and predicts 1..T; MTP depth k
 * reads the embeddings of k..T+k-1 and predicts k+1..T+k.
 *
 * <p>Parameters carry the names of the checkpoint's tensors, except the routed experts', which are two
 * stacks: [gate | up] (E, hidden, 2*width) as {@code experts.gate_up_proj.weight}, and down (E, width, hidden). One instance is used from one thread; its activations are those of the
 * last {@link #forward} call.
 */
public final class TrainableModel {
    private final ModelConfig config;
    private final int batch;
    private final int length;
    private final Map<String, Param> params = new LinkedHashMap<>();
    private final Param embedding;
    private final Param head;
    private final List<BlockLayer> layers = new ArrayList<>();
    private final List<MtpLayer> mtp = new ArrayList<>();
    private final List<OutputLayer> outputs = new ArrayList<>();
    /** MoE layers by the checkpoint's layer index (main layers, then MTP modules). */
    private final Map<Integer, MoeLayer> moes = new LinkedHashMap<>();
    private final double mtpWeight;
    private int[][] windows;

    /** The losses of one batch: the total, main and per-depth cross-entropies, and the balance loss. */
    public record Losses(double total, double[] crossEntropy, double balance) {
        /** As the training log names them: {@code loss}, {@code balance}, {@code ce.0} (main), {@code ce.k}. */
        public Map<String, Double> named() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("loss", total);
            m.put("balance", balance);
            for (int d = 0; d < crossEntropy.length; d++) {
                m.put("ce." + d, crossEntropy[d]);
            }
            return m;
        }
    }

    /**
     * @param init         the starting weights, in the engine's layout
     * @param batch        windows per step, B
     * @param length       positions per window, T
     * @param mtpWeight    λ
     * @param balanceAlpha α
     */
    public TrainableModel(ModelConfig config, ModelWeights init, int batch, int length, double mtpWeight, double balanceAlpha) {
        Nd4jRuntime.configure();
        this.config = config;
        this.batch = batch;
        this.length = length;
        this.mtpWeight = mtpWeight;
        Rotary rotary = new Rotary(new Rope(config), config.qkRopeHeadDim(), length);
        this.embedding = param("model.embed_tokens.weight", init.embedding());
        this.head = param("lm_head.weight", init.head());
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(block(i, init.layers().get(i), rotary, balanceAlpha));
        }
        outputs.add(new OutputLayer(norm("model.norm.weight", init.finalNorm()), head, 1.0));
        int depth = init.mtp().size();
        for (int d = 1; d <= depth; d++) {
            MtpWeights m = init.mtp().get(d - 1);
            String p = "model.layers." + config.mtpLayerIndex(d) + ".";
            mtp.add(new MtpLayer(embedding, norm(p + "enorm.weight", m.enorm()), norm(p + "hnorm.weight", m.hnorm()),
                    param(p + "eh_proj.weight", m.ehProj()), block(config.mtpLayerIndex(d), m.block(), rotary, balanceAlpha)));
            outputs.add(new OutputLayer(norm(p + "shared_head.norm.weight", m.headNorm()), head, mtpWeight / depth));
        }
    }

    private Param param(String name, INDArray value) {
        Param p = new Param(name, value);
        params.put(name, p);
        return p;
    }

    private Norm norm(String name, INDArray gain) {
        return new Norm(param(name, gain), config.rmsNormEps());
    }

    private SwiGlu swiGlu(String prefix, MlpWeights w) {
        return new SwiGlu(param(prefix + "gate_proj.weight", w.gate()), param(prefix + "up_proj.weight", w.up()),
                param(prefix + "down_proj.weight", w.down()));
    }

    private BlockLayer block(int layer, BlockWeights w, Rotary rotary, double balanceAlpha) {
        String p = "model.layers." + layer + ".";
        MlaWeights a = w.attention();
        String s = p + "self_attn.";
        AttentionLayer.Weights aw = a.qA() != null
                ? new AttentionLayer.Weights(param(s + "q_a_proj.weight", a.qA()), norm(s + "q_a_layernorm.weight", a.qANorm()),
                param(s + "q_b_proj.weight", a.qB()), param(s + "kv_a_proj_with_mqa.weight", a.kvA()),
                norm(s + "kv_a_layernorm.weight", a.kvANorm()), param(s + "kv_b_proj.weight", a.kvB()), param(s + "o_proj.weight", a.o()))
                : new AttentionLayer.Weights(null, null, param(s + "q_proj.weight", a.qB()),
                param(s + "kv_a_proj_with_mqa.weight", a.kvA()), norm(s + "kv_a_layernorm.weight", a.kvANorm()),
                param(s + "kv_b_proj.weight", a.kvB()), param(s + "o_proj.weight", a.o()));
        AttentionLayer attention = new AttentionLayer(config, aw, rotary, batch, length);
        Norm inputNorm = norm(p + "input_layernorm.weight", w.inputNorm());
        Norm postNorm = norm(p + "post_attention_layernorm.weight", w.postAttentionNorm());
        String m = p + "mlp.";
        if (w.mlp() != null) {
            return new BlockLayer(inputNorm, attention, postNorm, swiGlu(m, w.mlp()), null);
        }
        MoeWeights moe = w.moe();
        ExpertStack routed = new ExpertStack(param(m + "experts.gate_up_proj.weight",
                Nd4j.concat(2, stack(moe.experts(), MlpWeights::gate), stack(moe.experts(), MlpWeights::up))), // (E, hidden, 2*width)
                param(m + "experts.down_proj.weight", stack(moe.experts(), MlpWeights::down))); // (E, width, hidden)
        SwiGlu shared = moe.shared() == null ? null : swiGlu(m + "shared_experts.", moe.shared());
        float[] bias = moe.bias() == null ? new float[config.nRoutedExperts()] : moe.bias();
        MoeLayer layerMoe = new MoeLayer(config, param(m + "gate.weight", moe.router()), bias, routed, shared, batch, length,
                balanceAlpha);
        moes.put(layer, layerMoe);
        return new BlockLayer(inputNorm, attention, postNorm, null, layerMoe);
    }

    /** The experts' projections of one kind as an (E, in, out) stack. */
    private static INDArray stack(List<MlpWeights> experts, Function<MlpWeights, INDArray> part) {
        return Nd4j.stack(0, experts.stream().map(part).toArray(INDArray[]::new)); // E x (in, out) -> (E, in, out)
    }

    /** Runs B windows of T + D + 1 tokens forward and returns their losses; keeps what backward needs. */
    public Losses forward(int[][] windows) {
        if (windows.length != batch || Arrays.stream(windows).anyMatch(w -> w.length != length + mtp.size() + 1)) {
            throw new IllegalArgumentException("expected " + batch + " windows of " + (length + mtp.size() + 1) + " tokens");
        }
        this.windows = windows;
        double[] ce = new double[1 + mtp.size()];
        INDArray x = Tensors.gather(embedding.value, slice(0)); // (N, hidden)
        for (BlockLayer layer : layers) {
            x = layer.forward(x);
        }
        ce[0] = outputs.get(0).forward(x, slice(1));
        double total = ce[0];
        INDArray previous = x;
        for (int k = 1; k <= mtp.size(); k++) {
            previous = mtp.get(k - 1).forward(previous, slice(k));
            ce[k] = outputs.get(k).forward(previous, slice(k + 1));
            total += mtpWeight / mtp.size() * ce[k];
        }
        double balance = moes.values().stream().mapToDouble(MoeLayer::balanceLoss).sum();
        return new Losses(total + balance, ce, balance);
    }

    /** Adds the gradient of the last forward call's total loss to every parameter's {@code grad}. */
    public void backward() {
        INDArray dPrevious = null;
        for (int k = mtp.size(); k >= 1; k--) {
            INDArray dh = outputs.get(k).backward(); // (N, hidden)
            if (dPrevious != null) {
                dh.addi(dPrevious);
            }
            dPrevious = mtp.get(k - 1).backward(dh);
        }
        INDArray dx = outputs.get(0).backward();
        if (dPrevious != null) {
            dx.addi(dPrevious);
        }
        for (int i = layers.size() - 1; i >= 0; i--) {
            dx = layers.get(i).backward(dx);
        }
        embedding.backwardRows(slice(0), dx);
    }

    /** Tokens k..k+T-1 of every window, flattened window by window, (N). */
    private int[] slice(int k) {
        int[] out = new int[batch * length];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(windows[b], k, out, b * length, length);
        }
        return out;
    }

    /** Every trained tensor, in a fixed order. */
    List<Param> params() {
        return List.copyOf(params.values());
    }

    /** The MoE layers by the checkpoint's layer index: main layers first, then the MTP modules'. */
    Map<Integer, MoeLayer> moeLayers() {
        return moes;
    }

    public ModelConfig config() {
        return config;
    }

    public int batch() {
        return batch;
    }

    public int length() {
        return length;
    }

    /** The current weights in the engine's layout, as views of the trained arrays (with the current biases). */
    public ModelWeights weights() {
        List<BlockWeights> main = new ArrayList<>();
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            main.add(blockWeights(i));
        }
        List<MtpWeights> modules = new ArrayList<>();
        for (int d = 1; d <= mtp.size(); d++) {
            String p = "model.layers." + config.mtpLayerIndex(d) + ".";
            modules.add(new MtpWeights(value(p + "enorm.weight"), value(p + "hnorm.weight"), value(p + "eh_proj.weight"),
                    blockWeights(config.mtpLayerIndex(d)), value(p + "shared_head.norm.weight"), embedding.value, head.value));
        }
        return new ModelWeights(embedding.value, main, value("model.norm.weight"), head.value, modules);
    }

    private BlockWeights blockWeights(int layer) {
        String p = "model.layers." + layer + ".";
        String s = p + "self_attn.";
        MlaWeights mla = config.hasQLora()
                ? new MlaWeights(value(s + "q_a_proj.weight"), value(s + "q_a_layernorm.weight"), value(s + "q_b_proj.weight"),
                value(s + "kv_a_proj_with_mqa.weight"), value(s + "kv_a_layernorm.weight"), value(s + "kv_b_proj.weight"),
                value(s + "o_proj.weight"))
                : new MlaWeights(null, null, value(s + "q_proj.weight"), value(s + "kv_a_proj_with_mqa.weight"),
                value(s + "kv_a_layernorm.weight"), value(s + "kv_b_proj.weight"), value(s + "o_proj.weight"));
        String m = p + "mlp.";
        if (!moes.containsKey(layer)) {
            return new BlockWeights(value(p + "input_layernorm.weight"), mla, value(p + "post_attention_layernorm.weight"),
                    new MlpWeights(value(m + "gate_proj.weight"), value(m + "up_proj.weight"), value(m + "down_proj.weight")), null);
        }
        List<MlpWeights> experts = new ArrayList<>();
        for (int e = 0; e < config.nRoutedExperts(); e++) {
            INDArray gateUp = expert(m + "experts.gate_up_proj.weight", e); // (hidden, 2*width)
            long width = gateUp.columns() / 2;
            experts.add(new MlpWeights(gateUp.get(NDArrayIndex.all(), NDArrayIndex.interval(0, width)),
                    gateUp.get(NDArrayIndex.all(), NDArrayIndex.interval(width, 2 * width)), expert(m + "experts.down_proj.weight", e)));
        }
        MlpWeights shared = config.nSharedExperts() == 0 ? null : new MlpWeights(value(m + "shared_experts.gate_proj.weight"),
                value(m + "shared_experts.up_proj.weight"), value(m + "shared_experts.down_proj.weight"));
        return new BlockWeights(value(p + "input_layernorm.weight"), mla, value(p + "post_attention_layernorm.weight"), null,
                new MoeWeights(value(m + "gate.weight"), moes.get(layer).bias(), experts, shared));
    }

    private INDArray value(String name) {
        return params.get(name).value;
    }

    private INDArray expert(String stack, int e) {
        return value(stack).get(NDArrayIndex.point(e), NDArrayIndex.all(), NDArrayIndex.all()); // (in, out)
    }
}
