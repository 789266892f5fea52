package dev.dsv3viz.model.nn;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.config.RopeScaling;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Rotary position embedding of the decoupled rope dimensions. Pair i of a vector is turned by the angle
 * {@code position * inverseFrequency[i]}; fast pairs turn many times over the context, slow pairs barely.
 * With YaRN the slow frequencies are interpolated by the scaling factor and the fast ones kept, with a
 * linear ramp between, and cos/sin are multiplied by YaRN's attention factor.
 *
 * <p>The rotation is computed as {@code x * cos + swap(x) * signedSin}, where {@code swap} exchanges the
 * two members of every pair (a fixed permutation matrix): four array operations for any number of rows.
 */
public final class Rope {
    private final int dim;
    private final double[] inverseFrequencies;
    private final double attentionFactor;
    /** Index of each dimension's partner in its pair. */
    private final int[] partner;
    /** First member of each pair i: 2i when interleaved, i otherwise. */
    private final int[] firstOfPair;
    private final INDArray swap;

    public Rope(ModelConfig config) {
        this.dim = config.qkRopeHeadDim();
        this.inverseFrequencies = inverseFrequencies(dim, config.ropeTheta(), config.ropeScaling());
        this.attentionFactor = config.ropeScaling() == null ? 1.0 : config.ropeScaling().attentionFactor();
        int half = dim / 2;
        this.partner = new int[dim];
        this.firstOfPair = new int[half];
        for (int i = 0; i < half; i++) {
            int a = config.ropeInterleave() ? 2 * i : i;
            int b = config.ropeInterleave() ? 2 * i + 1 : i + half;
            firstOfPair[i] = a;
            partner[a] = b;
            partner[b] = a;
        }
        float[] p = new float[dim * dim];
        for (int j = 0; j < dim; j++) {
            p[partner[j] * dim + j] = 1f; // (x · P)[j] = x[partner[j]]
        }
        this.swap = Tensors.matrix(p, dim, dim);
    }

    /** HF's YaRN (and plain RoPE when {@code scaling} is null) inverse frequencies, one per pair. */
    static double[] inverseFrequencies(int dim, double base, RopeScaling scaling) {
        int half = dim / 2;
        double[] inv = new double[half];
        for (int i = 0; i < half; i++) {
            inv[i] = 1.0 / Math.pow(base, (2.0 * i) / dim);
        }
        if (scaling == null) {
            return inv;
        }
        double low = Math.max(Math.floor(correctionDim(scaling.betaFast(), dim, base,
                scaling.originalMaxPositionEmbeddings())), 0);
        double high = Math.min(Math.ceil(correctionDim(scaling.betaSlow(), dim, base,
                scaling.originalMaxPositionEmbeddings())), dim - 1);
        if (low == high) {
            high += 0.001;
        }
        for (int i = 0; i < half; i++) {
            double ramp = Math.min(1, Math.max(0, (i - low) / (high - low)));
            double extrapolation = 1 - ramp; // 1: keep the original frequency, 0: interpolate it
            inv[i] = inv[i] / scaling.factor() * (1 - extrapolation) + inv[i] * extrapolation;
        }
        return inv;
    }

    /** The pair index whose wavelength fits {@code rotations} times into the original context. */
    private static double correctionDim(double rotations, int dim, double base, int originalContext) {
        return dim * Math.log(originalContext / (rotations * 2 * Math.PI)) / (2 * Math.log(base));
    }

    public double[] inverseFrequencies() {
        return inverseFrequencies.clone();
    }

    /**
     * Rotates {@code x}, (positions * repeat, dim): row {@code p * repeat + r} holds a vector at position
     * {@code start + p} (the repeat is the head index for queries, 1 for the shared key).
     */
    public INDArray rotate(INDArray x, int start, int positions, int repeat) {
        int rows = positions * repeat;
        float[] cos = new float[rows * dim];
        float[] sin = new float[rows * dim];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < inverseFrequencies.length; i++) {
                double angle = (float) (start + p) * (float) inverseFrequencies[i];
                float c = (float) (Math.cos(angle) * attentionFactor);
                float s = (float) (Math.sin(angle) * attentionFactor);
                int a = firstOfPair[i];
                int b = partner[a];
                for (int r = 0; r < repeat; r++) {
                    int row = (p * repeat + r) * dim;
                    cos[row + a] = c;
                    cos[row + b] = c;
                    sin[row + a] = -s;
                    sin[row + b] = s;
                }
            }
        }
        INDArray xc = Tensors.contiguous(x);
        INDArray swapped = Tensors.mm(xc, swap); // (rows, dim): pair members exchanged
        return xc.mul(Tensors.matrix(cos, rows, dim)).addi(swapped.muli(Tensors.matrix(sin, rows, dim)));
    }
}
