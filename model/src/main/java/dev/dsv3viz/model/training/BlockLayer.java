package dev.dsv3viz.model.training;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One decoder layer for training: x + attention(norm(x)), then + feed-forward(norm(·)), where the
 * feed-forward is a dense MLP or an MoE; with its backward pass.
 */
final class BlockLayer {
    private final Norm inputNorm;
    private final AttentionLayer attention;
    private final Norm postAttentionNorm;
    private final SwiGlu mlp;
    private final MoeLayer moe;

    /** Exactly one of {@code mlp} and {@code moe} is set. */
    BlockLayer(Norm inputNorm, AttentionLayer attention, Norm postAttentionNorm, SwiGlu mlp, MoeLayer moe) {
        this.inputNorm = inputNorm;
        this.attention = attention;
        this.postAttentionNorm = postAttentionNorm;
        this.mlp = mlp;
        this.moe = moe;
    }

    /** (N, hidden) -> (N, hidden). */
    INDArray forward(INDArray x) {
        INDArray h = attention.forward(inputNorm.forward(x)).addi(x);
        INDArray normed = postAttentionNorm.forward(h);
        return (mlp != null ? mlp.forward(normed) : moe.forward(normed)).addi(h);
    }

    INDArray backward(INDArray dy) {
        INDArray dFeedForward = mlp != null ? mlp.backward(dy) : moe.backward(dy);
        INDArray dh = postAttentionNorm.backward(dFeedForward).addi(dy);
        return inputNorm.backward(attention.backward(dh)).addi(dh);
    }

    /** The layer's MoE, or null for a dense layer. */
    MoeLayer moe() {
        return moe;
    }
}
