package dev.dsv3viz.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Root-mean-square normalisation: x / sqrt(mean(x²) + eps) * weight, row by row. */
public final class RmsNorm {
    private final float[] gain;
    private final double eps;

    /** @param weight the learned gain, (n) */
    public RmsNorm(INDArray weight, double eps) {
        this.gain = Tensors.floats(weight);
        this.eps = eps;
    }

    /** (T, n) -> (T, n). */
    public INDArray apply(INDArray x) {
        int t = x.rows();
        int n = (int) x.columns();
        // Row norms in one native call; then each row's factor times the gain, finished in Java and applied
        // as one element-wise product: two array operations instead of five.
        float[] norms = Tensors.floats(x.norm2(true, 1)); // (T, 1)
        float[] factors = new float[t * n];
        for (int r = 0; r < t; r++) {
            double meanSquare = (double) norms[r] * norms[r] / n;
            float scale = (float) (1.0 / Math.sqrt(meanSquare + eps));
            for (int j = 0; j < n; j++) {
                factors[r * n + j] = scale * gain[j];
            }
        }
        return x.mul(Tensors.array(factors, t, n)); // (T, n)
    }
}
