package dev.dsv3viz.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One decoder layer's weights: pre-norm attention, then a pre-norm dense MLP or MoE (exactly one of
 * {@code mlp} and {@code moe} is set).
 */
public record BlockWeights(INDArray inputNorm, MlaWeights attention, INDArray postAttentionNorm, MlpWeights mlp,
                           MoeWeights moe) {
    public BlockWeights {
        if ((mlp == null) == (moe == null)) {
            throw new IllegalArgumentException("a block has either a dense MLP or an MoE");
        }
    }
}
