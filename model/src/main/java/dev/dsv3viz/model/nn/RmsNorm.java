package dev.dsv3viz.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Root-mean-square normalisation: x / sqrt(mean(x²) + eps) * weight, row by row. */
public final class RmsNorm {
    private final INDArray weight;
    private final double eps;

    /** @param weight the learned gain, (1, n) */
    public RmsNorm(INDArray weight, double eps) {
        this.weight = weight.reshape(1, weight.length());
        this.eps = eps;
    }

    /** (T, n) -> (T, n). */
    public INDArray apply(INDArray x) {
        int n = (int) x.columns();
        // Row norms in one native call; the T scale factors are cheaper to finish in Java than in more ops.
        float[] norms = Tensors.floats(x.norm2(true, 1)); // (T, 1)
        float[] scale = new float[norms.length];
        for (int t = 0; t < norms.length; t++) {
            double meanSquare = (double) norms[t] * norms[t] / n;
            scale[t] = (float) (1.0 / Math.sqrt(meanSquare + eps));
        }
        return x.mulColumnVector(Tensors.matrix(scale, scale.length, 1)).muliRowVector(weight); // (T, n)
    }

    public INDArray weight() {
        return weight;
    }
}
