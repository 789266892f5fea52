package dev.dsv3viz.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * One DeepSeekMoE layer's weights.
 *
 * @param router  {@code gate.weight} stored (in, out), (hidden, E)
 * @param bias    {@code gate.e_score_correction_bias}, (E); null when absent (V2)
 * @param experts the routed experts, in index order
 * @param shared  the shared experts as one MLP of {@code n_shared_experts} times the width; null when none
 */
public record MoeWeights(INDArray router, float[] bias, List<MlpWeights> experts, MlpWeights shared) {
    public MoeWeights {
        experts = List.copyOf(experts);
    }
}
