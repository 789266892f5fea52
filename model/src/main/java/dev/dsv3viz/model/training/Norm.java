package dev.dsv3viz.model.training;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * RMSNorm with its backward pass: y = x̂ · g where x̂ = x · r and r = 1 / sqrt(mean(x²) + eps) per row.
 * Keeps x̂ and r of its last forward call for the backward one.
 */
final class Norm {
    private final Param gain;
    private final double eps;
    private INDArray normalised;
    private INDArray inverseRms;

    Norm(Param gain, double eps) {
        this.gain = gain;
        this.eps = eps;
    }

    /** (N, d) -> (N, d). */
    INDArray forward(INDArray x) {
        inverseRms = Transforms.pow(x.mul(x).mean(true, 1).addi(eps), -0.5, false); // (N, 1)
        normalised = x.mulColumnVector(inverseRms); // (N, d)
        return normalised.mulRowVector(gain.value);
    }

    /** dx = r · (dx̂ − x̂ · mean(dx̂ ⊙ x̂)) with dx̂ = dy ⊙ g; the gain's gradient is Σ_rows dy ⊙ x̂. */
    INDArray backward(INDArray dy) {
        gain.grad.addi(dy.mul(normalised).sum(0)); // (d)
        INDArray dNormalised = dy.mulRowVector(gain.value); // (N, d)
        INDArray along = dNormalised.mul(normalised).mean(true, 1); // (N, 1)
        return dNormalised.subi(normalised.mulColumnVector(along)).muliColumnVector(inverseRms);
    }
}
