package dev.dsv3viz.model.nn;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.config.RopeScaling;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Rotary position embedding of the decoupled rope dimensions. Pair i of a vector is turned by the angle
 * {@code position * inverseFrequency[i]}; fast pairs turn many times over the context, slow pairs barely.
 * With YaRN the slow frequencies are interpolated by the scaling factor and the fast ones kept, with a
 * linear ramp between, and cos/sin are multiplied by YaRN's attention factor.
 *
 * <p>The rotation is computed as {@code x * cos + swap(x) * signedSin}, where {@code swap} exchanges the
 * two members of every pair (a fixed permutation matrix): four array operations for any number of rows,
 * reading cos/sin tables computed once per position.
 */
public final class Rope {
    private final int dim;
    private final double[] inverseFrequencies;
    private final double attentionFactor;
    /** Index of each dimension's partner in its pair. */
    private final int[] partner;
    /** First member of each pair i: 2i when interleaved, i otherwise. */
    private final int[] firstOfPair;
    private final Tables queryTables;
    private final Tables keyTables;

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
        this.queryTables = new Tables(config.numAttentionHeads());
        this.keyTables = new Tables(1);
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

    /** Rotates queries, (T, heads * dim): head h of token t sits at columns [h*dim, (h+1)*dim). */
    public INDArray rotateQueries(INDArray q, int start) {
        return rotate(q, start, queryTables);
    }

    /** Rotates the shared rope keys, (T, dim). */
    public INDArray rotateKeys(INDArray k, int start) {
        return rotate(k, start, keyTables);
    }

    private INDArray rotate(INDArray x, int start, Tables tables) {
        int positions = x.rows();
        tables.ensure(start + positions);
        INDArray xc = Tensors.contiguous(x);
        INDArray swapped = Tensors.mm(xc, tables.swap); // (T, width): pair members exchanged
        return xc.mul(tables.cos.get(NDArrayIndex.interval(start, start + positions), NDArrayIndex.all()))
                .addi(swapped.muli(tables.sin.get(NDArrayIndex.interval(start, start + positions), NDArrayIndex.all())));
    }

    /**
     * cos and signed sin per position for {@code repeat} vectors side by side, grown on demand: a full
     * table for DeepSeek-V3's 163,840 positions would take gigabytes for nothing.
     */
    private final class Tables {
        private final int repeat;
        private final INDArray swap;
        private INDArray cos;
        private INDArray sin;

        Tables(int repeat) {
            this.repeat = repeat;
            int width = repeat * dim;
            float[] p = new float[width * width];
            for (int r = 0; r < repeat; r++) {
                for (int j = 0; j < dim; j++) {
                    p[(r * dim + partner[j]) * width + r * dim + j] = 1f; // (x · P)[j] = x[partner[j]] within each vector
                }
            }
            this.swap = Tensors.matrix(p, width, width);
        }

        void ensure(int positions) {
            if (cos != null && cos.rows() >= positions) {
                return;
            }
            int rows = Math.max(positions, cos == null ? 64 : 2 * cos.rows());
            int width = repeat * dim;
            float[] c = new float[rows * width];
            float[] s = new float[rows * width];
            for (int pos = 0; pos < rows; pos++) {
                for (int i = 0; i < inverseFrequencies.length; i++) {
                    double angle = (float) pos * (float) inverseFrequencies[i]; // float32 product, as the reference
                    float cv = (float) (Math.cos(angle) * attentionFactor);
                    float sv = (float) (Math.sin(angle) * attentionFactor);
                    int a = firstOfPair[i];
                    int b = partner[a];
                    for (int r = 0; r < repeat; r++) {
                        int at = pos * width + r * dim;
                        c[at + a] = cv;
                        c[at + b] = cv;
                        s[at + a] = -sv;
                        s[at + b] = sv;
                    }
                }
            }
            try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                cos = Tensors.matrix(c, rows, width);
                sin = Tensors.matrix(s, rows, width);
            }
        }
    }
}
