package dev.dsv3viz.model.training;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.nn.Tensors;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Multi-head latent attention in its naive form (keys and values expanded from the latent), over B
 * causal windows of T positions at once, with its backward pass. The same computation as the engine's
 * {@code Mla} in {@code MlaMode.NAIVE}: the absorbed form is an inference-time rearrangement of it.
 */
final class AttentionLayer {
    private final int batch;
    private final int length;
    private final int heads;
    private final int nope;
    private final int ropeDim;
    private final int vDim;
    private final int kvLora;
    private final int qkDim;
    private final double scale;
    /** q_a_proj and its norm; null when the query is projected directly ({@link #qB} is then q_proj). */
    private final Param qA;
    private final Norm qNorm;
    private final Param qB;
    private final Param kvA;
    private final Norm kvNorm;
    private final Param kvB;
    private final Param o;
    private final Rotary rotary;
    /** Additive causal mask, (1, T*T): minus infinity above the diagonal. */
    private final INDArray causal;

    private INDArray input;
    private INDArray qLatent;
    private INDArray kvLatent;
    private INDArray queryNope;
    private INDArray queryRope;
    private INDArray keyNope;
    private INDArray keyRope;
    private INDArray values;
    private INDArray probs;
    private INDArray merged;

    record Weights(Param qA, Norm qNorm, Param qB, Param kvA, Norm kvNorm, Param kvB, Param o) {
    }

    AttentionLayer(ModelConfig c, Weights w, Rotary rotary, int batch, int length) {
        this.batch = batch;
        this.length = length;
        this.heads = c.numAttentionHeads();
        this.nope = c.qkNopeHeadDim();
        this.ropeDim = c.qkRopeHeadDim();
        this.vDim = c.vHeadDim();
        this.kvLora = c.kvLoraRank();
        this.qkDim = nope + ropeDim;
        this.scale = c.softmaxScale();
        this.qA = w.qA();
        this.qNorm = w.qNorm();
        this.qB = w.qB();
        this.kvA = w.kvA();
        this.kvNorm = w.kvNorm();
        this.kvB = w.kvB();
        this.o = w.o();
        this.rotary = rotary;
        float[] mask = new float[length * length];
        for (int i = 0; i < length; i++) {
            for (int j = i + 1; j < length; j++) {
                mask[i * length + j] = Float.NEGATIVE_INFINITY;
            }
        }
        try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.causal = Tensors.array(mask, 1, (long) length * length);
        }
    }

    /** (N, hidden) normed input -> (N, hidden) attention output, N = B*T. */
    INDArray forward(INDArray xn) {
        input = xn;
        int bh = batch * heads;
        INDArray q;
        if (qA != null) {
            qLatent = qNorm.forward(qA.forward(xn)); // (N, qLora)
            q = qB.forward(qLatent); // (N, H*qk)
        } else {
            q = qB.forward(xn); // (N, H*qk)
        }
        INDArray kva = kvA.forward(xn); // (N, kvLora + rope)
        kvLatent = kvNorm.forward(kva.get(NDArrayIndex.all(), NDArrayIndex.interval(0, kvLora)).dup('c')); // (N, kvLora)
        INDArray keyRopeRows = rotary.forward(kva.get(NDArrayIndex.all(), NDArrayIndex.interval(kvLora, kvLora + ropeDim))
                .dup('c').reshape(batch, (long) length * ropeDim)); // (B, T*rope)
        INDArray kv = kvB.forward(kvLatent); // (N, H*(nope + v))

        INDArray q4 = perHead(q, qkDim); // (B, H, T, qk)
        queryNope = q4.get(lastAxis(0, nope)).dup('c').reshape(bh, length, nope); // (B*H, T, nope)
        queryRope = rotary.forward(q4.get(lastAxis(nope, qkDim)).dup('c').reshape(bh, (long) length * ropeDim))
                .reshape(batch, (long) heads * length, ropeDim); // (B, H*T, rope)
        INDArray kv4 = perHead(kv, nope + vDim); // (B, H, T, nope + v)
        keyNope = kv4.get(lastAxis(0, nope)).dup('c').reshape(bh, length, nope); // (B*H, T, nope)
        values = kv4.get(lastAxis(nope, nope + vDim)).dup('c').reshape(bh, length, vDim); // (B*H, T, v)
        keyRope = keyRopeRows.reshape(batch, length, ropeDim); // (B, T, rope): one rope key for all heads

        // Scores are the nope part per head plus the rope part against the key all heads share.
        INDArray scores = Nd4j.matmul(queryNope, keyNope, false, true, false); // (B*H, T, nope) x (B*H, nope, T) = (B*H, T, T)
        scores.reshape(batch, (long) heads * length, length)
                .addi(Nd4j.matmul(queryRope, keyRope, false, true, false)); // (B, H*T, rope) x (B, rope, T) = (B, H*T, T)
        scores = scores.reshape(bh, (long) length * length).muli(scale).addiRowVector(causal);
        probs = Transforms.softmax(scores.reshape((long) bh * length, length), false); // (B*H*T, T)
        INDArray out = Nd4j.matmul(probs.reshape(bh, length, length), values); // (B*H, T, T) x (B*H, T, v) = (B*H, T, v)
        merged = out.reshape(batch, heads, length, vDim).permute(0, 2, 1, 3).dup('c')
                .reshape((long) batch * length, (long) heads * vDim); // (N, H*v)
        return o.forward(merged);
    }

    /** dy (N, hidden) -> d input (N, hidden). */
    INDArray backward(INDArray dy) {
        int bh = batch * heads;
        INDArray dMerged = o.backward(merged, dy); // (N, H*v)
        INDArray dOut = perHead(dMerged, vDim).reshape(bh, length, vDim); // (B*H, T, v)
        INDArray probs3 = probs.reshape(bh, length, length);
        INDArray dProbs = Nd4j.matmul(dOut, values, false, true, false); // (B*H, T, v) x (B*H, v, T) = (B*H, T, T)
        INDArray dValues = Nd4j.matmul(probs3, dOut, true, false, false); // (B*H, T, T)ᵀ x (B*H, T, v) = (B*H, T, v)
        INDArray dp2 = dProbs.reshape((long) bh * length, length);
        INDArray along = dp2.mul(probs).sum(true, 1); // (B*H*T, 1)
        INDArray dScores = dp2.subiColumnVector(along).muli(probs).muli(scale).reshape(bh, length, length);
        INDArray dQueryNope = Nd4j.matmul(dScores, keyNope); // (B*H, T, T) x (B*H, T, nope) = (B*H, T, nope)
        INDArray dKeyNope = Nd4j.matmul(dScores, queryNope, true, false, false); // (B*H, T, T)ᵀ x (B*H, T, nope)
        INDArray dScoresByWindow = dScores.reshape(batch, (long) heads * length, length); // (B, H*T, T)
        INDArray dQueryRope = rotary.backward(Nd4j.matmul(dScoresByWindow, keyRope) // (B, H*T, T) x (B, T, rope) = (B, H*T, rope)
                .reshape(bh, (long) length * ropeDim)); // (B*H, T*rope)
        INDArray dKeyRope = rotary.backward(Nd4j.matmul(dScoresByWindow, queryRope, true, false, false) // (B, T, H*T) x (B, H*T, rope): summed over heads
                .reshape(batch, (long) length * ropeDim)).reshape((long) batch * length, ropeDim); // (N, rope)
        INDArray dq = merge(Nd4j.concat(3, dQueryNope.reshape(batch, heads, length, nope),
                dQueryRope.reshape(batch, heads, length, ropeDim)), qkDim); // (N, H*qk)
        INDArray dkv4 = Nd4j.concat(3, dKeyNope.reshape(batch, heads, length, nope), dValues.reshape(batch, heads, length, vDim)); // (B, H, T, nope + v)
        INDArray dKvLatent = kvNorm.backward(kvB.backward(kvLatent, merge(dkv4, nope + vDim))); // (N, kvLora)
        INDArray dx = kvA.backward(input, Nd4j.concat(1, dKvLatent, dKeyRope)); // (N, kvLora + rope) -> (N, hidden)
        if (qA != null) {
            return dx.addi(qA.backward(input, qNorm.backward(qB.backward(qLatent, dq))));
        }
        return dx.addi(qB.backward(input, dq));
    }

    /** (N, H*width) -> (B, H, T, width), row-major. */
    private INDArray perHead(INDArray x, int width) {
        return x.reshape(batch, length, heads, width).permute(0, 2, 1, 3).dup('c');
    }

    /** (B, H, T, width) -> (N, H*width), row-major. */
    private INDArray merge(INDArray x, int width) {
        return x.permute(0, 2, 1, 3).dup('c').reshape((long) batch * length, (long) heads * width);
    }

    private static INDArrayIndex[] lastAxis(int from, int to) {
        return new INDArrayIndex[]{NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to)};
    }
}
