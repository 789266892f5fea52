package dev.dsv3viz.model.training;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.nn.BlockWeights;
import dev.dsv3viz.model.nn.MlaWeights;
import dev.dsv3viz.model.nn.MlpWeights;
import dev.dsv3viz.model.nn.ModelWeights;
import dev.dsv3viz.model.nn.MoeWeights;
import dev.dsv3viz.model.nn.MtpWeights;
import dev.dsv3viz.model.nn.Rope;
import dev.dsv3viz.model.nn.Tensors;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * DeepSeek-V3 written as a SameDiff graph, for training: the same computation as the engine's
 * {@code Transformer} (naive MLA), over a batch of B sequences of T positions, with the MTP modules and
 * the training loss
 * <pre>
 *   loss = CE(main) + λ/D · Σ_k CE(MTP k) + α · Σ_layers sequence-wise balance loss
 * </pre>
 * Choosing experts is not differentiable, so the choice comes in from outside as a 0/1 mask per MoE
 * layer (placeholders {@code mask.L}); the gate weights, sigmoid affinities masked, normalised and scaled,
 * are differentiated. The routed experts run as one wide gated MLP whose activations are multiplied by
 * the gate weights expanded over each expert's columns. Tokens come in as one-hot rows, since SameDiff
 * 1.0.0-M2.1's {@code gather} fails inside {@code fit}.
 *
 * <p>Placeholders, all float: {@code tokens} and {@code ahead.k} (N, vocab) one-hot, {@code target.k}
 * (N, vocab) one-hot for depth k = 0..D, {@code mask.L} (N, E) and {@code load.L} (B, E) per MoE layer L,
 * where N = B·T.
 */
public final class TrainingGraph {
    private final ModelConfig c;
    private final int batch;
    private final int length;
    private final SameDiff sd = SameDiff.create();
    private final List<Integer> moeLayers = new ArrayList<>();
    private final java.util.Map<Integer, float[]> initialBiases = new java.util.LinkedHashMap<>();

    /**
     * @param init       the starting weights (the engine's layout, projections (in, out))
     * @param batch      sequences per step, B
     * @param length     positions per sequence, T
     * @param mtpWeight  λ, the weight of the MTP losses
     * @param balanceAlpha α, the weight of the sequence-wise balance loss
     */
    public TrainingGraph(ModelConfig c, ModelWeights init, int batch, int length, double mtpWeight, double balanceAlpha) {
        this.c = c;
        this.batch = batch;
        this.length = length;
        int n = batch * length;
        SDVariable embed = sd.var("embed", init.embedding().dup());
        SDVariable head = sd.var("lm_head", init.head().dup());
        Constants k = new Constants();
        SDVariable x = sd.placeHolder("tokens", DataType.FLOAT, n, c.vocabSize()).mmul(embed); // (N, vocab) x (vocab, h)
        List<SDVariable> balances = new ArrayList<>();
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            x = block(i, init.layers().get(i), x, k, balances);
        }
        SDVariable finalNorm = sd.var("norm", init.finalNorm().dup());
        SDVariable total = crossEntropy(0, rms(x, finalNorm).mmul(head));
        SDVariable previous = x;
        int depth = init.mtp().size();
        for (int d = 1; d <= depth; d++) {
            MtpWeights m = init.mtp().get(d - 1);
            int layer = c.mtpLayerIndex(d);
            String p = "L" + layer + ".";
            SDVariable ahead = sd.placeHolder("ahead." + d, DataType.FLOAT, n, c.vocabSize()).mmul(embed);
            SDVariable joined = sd.concat(1, rms(ahead, sd.var(p + "enorm", m.enorm().dup())),
                    rms(previous, sd.var(p + "hnorm", m.hnorm().dup()))); // (N, 2h): embedding first
            SDVariable h = block(layer, m.block(), joined.mmul(sd.var(p + "eh_proj", m.ehProj().dup())), k, balances);
            SDVariable logits = rms(h, sd.var(p + "shared_head.norm", m.headNorm().dup())).mmul(head);
            total = total.add(crossEntropy(d, logits).mul(mtpWeight / depth));
            previous = h;
        }
        SDVariable bal = balances.isEmpty() ? sd.constant(0f) : balances.get(0);
        for (int i = 1; i < balances.size(); i++) {
            bal = bal.add(balances.get(i));
        }
        SDVariable balance = bal.mul("balance", balanceAlpha);
        sd.setLossVariables(total.add("loss", balance));
        buildGradientsQuietly();
    }

    /**
     * SameDiff 1.0.0-M2.1 prints a line per differentiated op (hundreds here) to standard output when it
     * builds the backward graph; building it now with standard output muted keeps progress output readable.
     */
    private void buildGradientsQuietly() {
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            sd.createGradFunction();
        } finally {
            System.setOut(out);
        }
    }

    /** Causal mask, RoPE tables and the expert-expansion matrix, shared by every layer. */
    private final class Constants {
        final SDVariable causal;
        final SDVariable rotations;
        final SDVariable expand;

        Constants() {
            int t = length;
            float[] mask = new float[t * t];
            for (int i = 0; i < t; i++) {
                for (int j = i + 1; j < t; j++) {
                    mask[i * t + j] = -1e9f; // finite, so the softmax gradient stays defined
                }
            }
            causal = sd.constant("causal", Tensors.array(mask, t, t));
            rotations = sd.constant("rope.rotations", new Rope(c).rotationMatrices(t)); // (T, rope, rope), as the engine's
            int e = c.nRoutedExperts();
            int w = c.moeIntermediateSize();
            float[] ex = new float[Math.max(1, e) * Math.max(1, e * w)];
            for (int i = 0; i < e; i++) {
                for (int j = 0; j < w; j++) {
                    ex[i * e * w + i * w + j] = 1f;
                }
            }
            expand = e == 0 ? null : sd.constant("experts.expand", Tensors.array(ex, e, e * w));
        }
    }

    private SDVariable block(int layer, BlockWeights w, SDVariable x, Constants k, List<SDVariable> balances) {
        String p = "L" + layer + ".";
        SDVariable h = x.add(attention(p, w.attention(), rms(x, sd.var(p + "input_layernorm", w.inputNorm().dup())), k));
        SDVariable hn = rms(h, sd.var(p + "post_attention_layernorm", w.postAttentionNorm().dup()));
        SDVariable ffn = w.mlp() != null ? mlp(p + "mlp.", w.mlp(), hn) : moe(layer, p + "mlp.", w.moe(), hn, k, balances);
        return h.add(ffn);
    }

    private SDVariable attention(String p, MlaWeights w, SDVariable xn, Constants k) {
        int b = batch;
        int t = length;
        int heads = c.numAttentionHeads();
        int nope = c.qkNopeHeadDim();
        int rope = c.qkRopeHeadDim();
        int v = c.vHeadDim();
        int kvLora = c.kvLoraRank();
        SDVariable q = w.qA() != null
                ? rms(xn.mmul(sd.var(p + "q_a_proj", w.qA().dup())), sd.var(p + "q_a_layernorm", w.qANorm().dup()))
                .mmul(sd.var(p + "q_b_proj", w.qB().dup()))
                : xn.mmul(sd.var(p + "q_proj", w.qB().dup())); // (N, H*qk)
        q = q.reshape(b, t, heads, nope + rope).permute(0, 2, 1, 3); // (B, H, T, qk)
        SDVariable qNope = q.get(SDIndex.all(), SDIndex.all(), SDIndex.all(), SDIndex.interval(0, nope));
        SDVariable qRope = sd.mmul(q.get(SDIndex.all(), SDIndex.all(), SDIndex.all(), SDIndex.interval(nope, nope + rope))
                        .permute(2, 0, 1, 3).reshape(t, b * heads, rope), k.rotations) // (T, B*H, rope) x (T, rope, rope)
                .reshape(t, b, heads, rope).permute(1, 2, 0, 3); // (B, H, T, rope)
        SDVariable kva = xn.mmul(sd.var(p + "kv_a_proj_with_mqa", w.kvA().dup())); // (N, kvLora + rope)
        SDVariable latent = rms(kva.get(SDIndex.all(), SDIndex.interval(0, kvLora)), sd.var(p + "kv_a_layernorm", w.kvANorm().dup()));
        SDVariable kv = latent.mmul(sd.var(p + "kv_b_proj", w.kvB().dup()))
                .reshape(b, t, heads, nope + v).permute(0, 2, 1, 3); // (B, H, T, nope + v)
        SDVariable kNope = kv.get(SDIndex.all(), SDIndex.all(), SDIndex.all(), SDIndex.interval(0, nope));
        SDVariable values = kv.get(SDIndex.all(), SDIndex.all(), SDIndex.all(), SDIndex.interval(nope, nope + v));
        SDVariable kRope = sd.mmul(kva.get(SDIndex.all(), SDIndex.interval(kvLora, kvLora + rope)).reshape(b, t, rope)
                .permute(1, 0, 2), k.rotations).permute(1, 0, 2); // (T, B, rope) x (T, rope, rope) -> (B, T, rope), shared by all heads
        SDVariable scores = sd.mmul(qNope, kNope, false, true, false) // (B, H, T, T)
                .add(sd.mmul(qRope.reshape(b, heads * t, rope), kRope, false, true, false).reshape(b, heads, t, t));
        SDVariable probs = sd.nn().softmax(scores.mul(c.softmaxScale()).add(k.causal), -1); // (B, H, T, T)
        SDVariable out = sd.mmul(probs, values).permute(0, 2, 1, 3).reshape(b * t, heads * v); // (N, H*v)
        return out.mmul(sd.var(p + "o_proj", w.o().dup()));
    }

    private SDVariable mlp(String p, MlpWeights w, SDVariable hn) {
        SDVariable act = sd.nn().swish(hn.mmul(sd.var(p + "gate_proj", w.gate().dup())))
                .mul(hn.mmul(sd.var(p + "up_proj", w.up().dup())));
        return act.mmul(sd.var(p + "down_proj", w.down().dup()));
    }

    private SDVariable moe(int layer, String p, MoeWeights w, SDVariable hn, Constants k, List<SDVariable> balances) {
        moeLayers.add(layer);
        int n = batch * length;
        int e = c.nRoutedExperts();
        initialBiases.put(layer, w.bias() == null ? new float[e] : w.bias().clone());
        SDVariable mask = sd.placeHolder("mask." + layer, DataType.FLOAT, n, e);
        SDVariable load = sd.placeHolder("load." + layer, DataType.FLOAT, batch, e);
        SDVariable affinity = sd.nn().sigmoid(hn.mmul(sd.var(p + "gate", w.router().dup()))); // (N, E)
        SDVariable chosen = affinity.mul(mask);
        SDVariable gates = chosen.div(chosen.sum(true, 1).add(1e-20)).mul(c.routedScalingFactor()); // (N, E)
        SDVariable wideGate = sd.var(p + "experts.gate", concat(w.experts(), MlpWeights::gate, 1));
        SDVariable wideUp = sd.var(p + "experts.up", concat(w.experts(), MlpWeights::up, 1));
        SDVariable wideDown = sd.var(p + "experts.down", concat(w.experts(), MlpWeights::down, 0));
        SDVariable act = sd.nn().swish(hn.mmul(wideGate)).mul(hn.mmul(wideUp)).mul(gates.mmul(k.expand)); // (N, E*width)
        SDVariable out = act.mmul(wideDown);
        if (w.shared() != null) {
            out = out.add(mlp(p + "shared_experts.", w.shared(), hn));
        }
        // Sequence-wise balance: sum over experts of f_i (load, from the choice) times P_i (mean normalised affinity).
        SDVariable normalised = affinity.div(affinity.sum(true, 1)).reshape(batch, length, e);
        balances.add(normalised.mean(1).mul(load).sum().div(batch));
        return out;
    }

    private static INDArray concat(List<MlpWeights> experts, java.util.function.Function<MlpWeights, INDArray> part, int axis) {
        return Nd4j.concat(axis, experts.stream().map(part).toArray(INDArray[]::new));
    }

    private SDVariable crossEntropy(int depth, SDVariable logits) {
        SDVariable target = sd.placeHolder("target." + depth, DataType.FLOAT, batch * length, c.vocabSize());
        // Written out rather than sd.loss().softmaxCrossEntropy, whose gradient in 1.0.0-M2.1 fails a
        // finite-difference check (TrainingGraphTest).
        SDVariable logProbs = sd.nn().logSoftmax(sd.identity("logits." + depth, logits)); // (N, vocab)
        return target.mul(logProbs).sum(1).neg().mean().rename("ce." + depth);
    }

    private SDVariable rms(SDVariable x, SDVariable w) {
        return x.mul(sd.math().rsqrt(x.mul(x).mean(true, 1).add(c.rmsNormEps()))).mul(w);
    }

    public SameDiff sameDiff() {
        return sd;
    }

    /** MoE layers in graph order (main layers, then MTP modules), each with placeholders mask.L and load.L. */
    public List<Integer> moeLayers() {
        return List.copyOf(moeLayers);
    }

    /** The load-balancing biases of the starting weights, per MoE layer (zeros where there were none). */
    public java.util.Map<Integer, float[]> initialBiases() {
        java.util.Map<Integer, float[]> copy = new java.util.LinkedHashMap<>();
        initialBiases.forEach((l, b) -> copy.put(l, b.clone()));
        return copy;
    }

    /** MTP depth D. */
    public int mtpDepth() {
        return c.numNextnPredictLayers();
    }

    public ModelConfig config() {
        return c;
    }

    public int batch() {
        return batch;
    }

    public int length() {
        return length;
    }

    /** The current weights in the engine's layout (views of the graph's arrays), with the given biases. */
    public ModelWeights weights(java.util.Map<Integer, float[]> biases) {
        List<BlockWeights> layers = new ArrayList<>();
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            layers.add(blockWeights(i, biases.get(i)));
        }
        INDArray embed = arr("embed");
        INDArray head = arr("lm_head");
        List<MtpWeights> mtp = new ArrayList<>();
        for (int d = 1; d <= c.numNextnPredictLayers(); d++) {
            int layer = c.mtpLayerIndex(d);
            String p = "L" + layer + ".";
            mtp.add(new MtpWeights(arr(p + "enorm"), arr(p + "hnorm"), arr(p + "eh_proj"), blockWeights(layer, biases.get(layer)),
                    arr(p + "shared_head.norm"), embed, head));
        }
        return new ModelWeights(embed, layers, arr("norm"), head, mtp);
    }

    private BlockWeights blockWeights(int layer, float[] bias) {
        String p = "L" + layer + ".";
        MlaWeights mla = c.hasQLora()
                ? new MlaWeights(arr(p + "q_a_proj"), arr(p + "q_a_layernorm"), arr(p + "q_b_proj"), arr(p + "kv_a_proj_with_mqa"),
                arr(p + "kv_a_layernorm"), arr(p + "kv_b_proj"), arr(p + "o_proj"))
                : new MlaWeights(null, null, arr(p + "q_proj"), arr(p + "kv_a_proj_with_mqa"), arr(p + "kv_a_layernorm"),
                arr(p + "kv_b_proj"), arr(p + "o_proj"));
        String m = p + "mlp.";
        if (!c.isMoeLayer(layer)) {
            return new BlockWeights(arr(p + "input_layernorm"), mla, arr(p + "post_attention_layernorm"),
                    new MlpWeights(arr(m + "gate_proj"), arr(m + "up_proj"), arr(m + "down_proj")), null);
        }
        int w = c.moeIntermediateSize();
        List<MlpWeights> experts = new ArrayList<>();
        for (int e = 0; e < c.nRoutedExperts(); e++) {
            experts.add(new MlpWeights(
                    arr(m + "experts.gate").get(NDArrayIndex.all(), NDArrayIndex.interval((long) e * w, (long) (e + 1) * w)),
                    arr(m + "experts.up").get(NDArrayIndex.all(), NDArrayIndex.interval((long) e * w, (long) (e + 1) * w)),
                    arr(m + "experts.down").get(NDArrayIndex.interval((long) e * w, (long) (e + 1) * w), NDArrayIndex.all())));
        }
        MlpWeights shared = c.nSharedExperts() == 0 ? null : new MlpWeights(arr(m + "shared_experts.gate_proj"),
                arr(m + "shared_experts.up_proj"), arr(m + "shared_experts.down_proj"));
        return new BlockWeights(arr(p + "input_layernorm"), mla, arr(p + "post_attention_layernorm"), null,
                new MoeWeights(arr(m + "gate"), bias, experts, shared));
    }

    private INDArray arr(String name) {
        return sd.getVariable(name).getArr();
    }
}
