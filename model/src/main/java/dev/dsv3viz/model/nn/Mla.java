package dev.dsv3viz.model.nn;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.trace.AttentionStep;
import dev.dsv3viz.model.trace.FloatTensor;
import dev.dsv3viz.model.trace.Recorder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Multi-head latent attention. Keys and values are compressed into one small latent c_KV per token, and
 * position enters only through a few decoupled rope dimensions whose key is shared by all heads; the
 * cache holds just [c_KV | k_rope]. Both {@link MlaMode}s read the same cache and give the same result.
 */
public final class Mla {
    private final int heads;
    private final int nope;
    private final int ropeDim;
    private final int vDim;
    private final int kvLora;
    private final int qWidth;
    private final double scale;
    private final Rope rope;
    private final MlaWeights w;
    private final RmsNorm qNorm;
    private final RmsNorm kvNorm;
    /** [q_a_proj | kv_a_proj_with_mqa] (or [q_proj | ...]) side by side: both read the same normed input. */
    private final INDArray inputProjection;
    /** W_UK per head, (heads, qk_nope, kv_lora_rank): absorbed into the query. */
    private final INDArray keyUp;
    /**
     * W_UV per head with zero rows below it for the rope columns, (heads, kv_lora_rank + qk_rope, v_head):
     * applied to the attention-weighted cache rows, whose rope part it thereby ignores, so the latent part
     * need not be sliced out first.
     */
    private final INDArray valueUp;

    public Mla(ModelConfig c, MlaWeights w, Rope rope) {
        this.heads = c.numAttentionHeads();
        this.nope = c.qkNopeHeadDim();
        this.ropeDim = c.qkRopeHeadDim();
        this.vDim = c.vHeadDim();
        this.kvLora = c.kvLoraRank();
        this.scale = c.softmaxScale();
        this.rope = rope;
        this.w = w;
        this.qNorm = w.qA() == null ? null : new RmsNorm(w.qANorm(), c.rmsNormEps());
        this.kvNorm = new RmsNorm(w.kvANorm(), c.rmsNormEps());
        this.qWidth = (int) (w.qA() == null ? w.qB().columns() : w.qA().columns());
        this.inputProjection = Nd4j.concat(1, w.qA() == null ? w.qB() : w.qA(), w.kvA()); // (hidden, qWidth + kvLora + rope)
        float[] kvB = Tensors.floats(w.kvB()); // (kvLora, heads * (nope + v))
        int stride = nope + vDim;
        int cols = heads * stride;
        float[] uk = new float[heads * nope * kvLora];
        int width = kvLora + ropeDim;
        float[] uv = new float[heads * width * vDim];
        for (int h = 0; h < heads; h++) {
            for (int c2 = 0; c2 < kvLora; c2++) {
                for (int j = 0; j < nope; j++) {
                    uk[(h * nope + j) * kvLora + c2] = kvB[c2 * cols + h * stride + j];
                }
                for (int j = 0; j < vDim; j++) {
                    uv[(h * width + c2) * vDim + j] = kvB[c2 * cols + h * stride + nope + j];
                }
            }
        }
        this.keyUp = Tensors.array(uk, heads, nope, kvLora);
        this.valueUp = Tensors.array(uv, heads, width, vDim);
    }

    /**
     * Attends {@code normed} (T, hidden), the tokens at positions [cache.length(), +T), over every cached
     * token of this layer, after appending their own latent rows, and adds the o_proj output to
     * {@code input}, the residual stream (T, hidden), in place. Returns {@code input}.
     */
    public INDArray forward(INDArray input, INDArray normed, int layer, int cacheSlot, KvCache cache, MlaMode mode,
                            Recorder rec) {
        int t = normed.rows();
        int start = cache.length();
        INDArray proj = Tensors.mm(normed, inputProjection); // (T, qWidth + kvLora + rope)
        INDArray qLatent = null;
        INDArray q;
        if (qNorm != null) {
            qLatent = qNorm.apply(proj.get(NDArrayIndex.all(), NDArrayIndex.interval(0, qWidth))); // (T, qLora)
            q = Tensors.mm(qLatent, w.qB()); // (T, heads * qkHead)
        } else {
            q = proj.get(NDArrayIndex.all(), NDArrayIndex.interval(0, qWidth)).dup('c'); // (T, heads * qkHead)
        }
        INDArray kvLatent = kvNorm.apply(proj.get(NDArrayIndex.all(), NDArrayIndex.interval(qWidth, qWidth + kvLora))); // (T, kvLora)
        INDArray keyRopeRaw = proj.get(NDArrayIndex.all(), NDArrayIndex.interval(qWidth + kvLora, qWidth + kvLora + ropeDim)); // (T, rope)
        INDArray keyRope = rope.rotateKeys(keyRopeRaw, start); // (T, rope)

        INDArray q3 = q.reshape(t, heads, nope + ropeDim); // (T, H, qkHead)
        INDArray queryNope = q3.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, nope)); // (T, H, nope)
        INDArray queryRopeRaw = q3.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(nope, nope + ropeDim))
                .dup('c').reshape(t, heads * ropeDim); // (T, H*rope)
        INDArray queryRope = rope.rotateQueries(queryRopeRaw, start); // (T, H*rope)

        INDArray cached = cache.append(cacheSlot, Nd4j.concat(1, kvLatent, keyRope), t); // (S, kvLora + rope)
        int s = cached.rows();
        INDArray queryNopeH = Tensors.swapLeadingAxes(queryNope); // (H, T, nope)
        INDArray queryRopeH = Tensors.swapLeadingAxes(queryRope.reshape(t, heads, ropeDim)); // (H, T, rope)

        INDArray scores;
        INDArray valuesH = null;
        INDArray expandedKv = null;
        if (mode == MlaMode.ABSORBED) {
            INDArray queryAbsorbed = Nd4j.matmul(queryNopeH, keyUp); // (H, T, nope) x (H, nope, kvLora) = (H, T, kvLora)
            INDArray queryLatent = Nd4j.concat(2, queryAbsorbed, queryRopeH).reshape(heads * t, kvLora + ropeDim); // (H*T, kvLora + rope)
            scores = Tensors.mmT(queryLatent, cached); // (H*T, kvLora + rope) x (kvLora + rope, S) = (H*T, S)
        } else {
            INDArray latentAll = cached.get(NDArrayIndex.all(), NDArrayIndex.interval(0, kvLora)); // (S, kvLora)
            expandedKv = Tensors.mm(latentAll, w.kvB()).reshape(s, heads, nope + vDim); // (S, H, nope + v)
            INDArray keyNopeH = expandedKv.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, nope))
                    .permute(1, 0, 2).dup('c'); // (H, S, nope)
            valuesH = expandedKv.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(nope, nope + vDim))
                    .permute(1, 0, 2).dup('c'); // (H, S, v)
            INDArray keyRopeAll = cached.get(NDArrayIndex.all(), NDArrayIndex.interval(kvLora, kvLora + ropeDim)); // (S, rope)
            scores = Nd4j.matmul(queryNopeH, keyNopeH, false, true, false).reshape(heads * t, s) // (H, T, nope) x (H, nope, S) -> (H*T, S)
                    .addi(Tensors.mmT(queryRopeH.reshape(heads * t, ropeDim), keyRopeAll)); // (H*T, rope) x (rope, S)
        }
        scores.muli(scale);
        if (t > 1) {
            scores.addi(causalMask(t, s, start));
        }
        INDArray probs = Transforms.softmax(scores, false); // (H*T, S)

        INDArray headsOut;
        if (mode == MlaMode.ABSORBED) {
            INDArray outRows = Tensors.mm(probs, cached).reshape(heads, t, kvLora + ropeDim); // (H*T, S) x (S, kvLora + rope) -> (H, T, kvLora + rope)
            headsOut = Nd4j.matmul(outRows, valueUp); // (H, T, kvLora + rope) x (H, kvLora + rope, v) = (H, T, v)
        } else {
            headsOut = Nd4j.matmul(probs.reshape(heads, t, s), valuesH); // (H, T, S) x (H, S, v) = (H, T, v)
        }
        INDArray merged = Tensors.swapLeadingAxes(headsOut).reshape(t, heads * vDim); // (T, H*v)
        if (rec.isOn()) {
            record(rec, layer, start, mode, input, normed, qLatent, queryNope, queryRopeRaw, queryRope, kvLatent,
                    keyRopeRaw, keyRope, expandedKv, probs, headsOut, merged);
        }
        return Tensors.mmAdd(merged, w.o(), input); // input += (T, H*v) x (H*v, hidden)
    }

    private void record(Recorder rec, int layer, int start, MlaMode mode, INDArray input, INDArray normed,
                        INDArray qLatent, INDArray queryNope, INDArray queryRopeRaw, INDArray queryRope,
                        INDArray kvLatent, INDArray keyRopeRaw, INDArray keyRope, INDArray expandedKv,
                        INDArray probs, INDArray headsOut, INDArray merged) {
        int t = normed.rows();
        int s = (int) probs.columns();
        INDArray out = Tensors.mm(merged, w.o()); // (T, H*v) x (H*v, hidden) = (T, hidden)
        INDArray newKv = expandedKv != null
                ? expandedKv.get(NDArrayIndex.interval(start, s), NDArrayIndex.all(), NDArrayIndex.all())
                : Tensors.mm(kvLatent, w.kvB()).reshape(t, heads, nope + vDim); // (T, H, nope + v)
        double[] inv = rope.inverseFrequencies();
        float[] invF = new float[inv.length];
        for (int i = 0; i < inv.length; i++) {
            invF[i] = (float) inv[i];
        }
        rec.add(new AttentionStep(layer, start, mode == MlaMode.ABSORBED, Tensors.trace(input), Tensors.trace(normed),
                qLatent == null ? null : Tensors.trace(qLatent),
                Tensors.trace(queryNope), Tensors.trace(queryRopeRaw, t, heads, ropeDim),
                Tensors.trace(queryRope, t, heads, ropeDim), Tensors.trace(kvLatent), Tensors.trace(keyRopeRaw),
                Tensors.trace(keyRope),
                Tensors.trace(newKv.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, nope))),
                Tensors.trace(newKv.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(nope, nope + vDim))),
                FloatTensor.of(invF, invF.length), scale, Tensors.trace(probs, heads, t, s),
                Tensors.trace(headsOut.permute(1, 0, 2)), Tensors.trace(out)));
    }

    /** Additive mask, (H*T, S): query t (at position start + t) may not see positions after its own. */
    private INDArray causalMask(int t, int s, int start) {
        float[] mask = new float[heads * t * s];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < t; i++) {
                int row = (h * t + i) * s;
                for (int j = start + i + 1; j < s; j++) {
                    mask[row + j] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        return Tensors.array(mask, heads * t, s);
    }
}
