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
 * <p>The rotation at position p is a fixed sparse matrix R(p), so rotating any number of vectors at any
 * positions is one batched matrix product.
 */
public final class Rope {
    private final int dim;
    private final double[] inverseFrequencies;
    private final double attentionFactor;
    /** Index of each dimension's partner in its pair. */
    private final int[] partner;
    /** First member of each pair i: 2i when interleaved, i otherwise. */
    private final int[] firstOfPair;
    /** Rotation matrix per position, (positions, dim, dim), filled on demand. */
    private INDArray table;

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
        int t = q.rows();
        INDArray perHead = Tensors.contiguous(q).reshape(t, q.columns() / dim, dim); // (T, H, dim)
        return Nd4j.matmul(perHead, rotations(start, t)).reshape(t, q.columns()); // (T, H, dim) x (T, dim, dim) -> (T, H*dim)
    }

    /** Rotates the shared rope keys, (T, dim). */
    public INDArray rotateKeys(INDArray k, int start) {
        int t = k.rows();
        INDArray rows = Tensors.contiguous(k).reshape(t, 1, dim); // (T, 1, dim)
        return Nd4j.matmul(rows, rotations(start, t)).reshape(t, dim); // (T, 1, dim) x (T, dim, dim) -> (T, dim)
    }

    /** The rotation matrices of positions [0, count), (count, dim, dim), as a copy: see {@link #rotations}. */
    public INDArray rotationMatrices(int count) {
        return rotations(0, count).dup('c');
    }

    /**
     * The rotation of positions [0, count) written element-wise, for code that rotates whole batches without
     * a matrix per position: {@code x'[a] = x[a] * cos[p, a] + x[partner[a]] * signedSin[p, a]}.
     *
     * @param cos       (count, dim) cosine of each dimension's pair angle, times YaRN's attention factor
     * @param signedSin (count, dim) its sine, negative on the first member of each pair
     * @param partner   (dim) the other member of each dimension's pair
     */
    public record Tables(float[] cos, float[] signedSin, int[] partner) {
    }

    public Tables tables(int count) {
        float[] cos = new float[count * dim];
        float[] sin = new float[count * dim];
        for (int pos = 0; pos < count; pos++) {
            for (int i = 0; i < inverseFrequencies.length; i++) {
                double angle = (float) pos * (float) inverseFrequencies[i]; // float32 product, as the reference
                float c = (float) (Math.cos(angle) * attentionFactor);
                float s = (float) (Math.sin(angle) * attentionFactor);
                int a = firstOfPair[i];
                int b = partner[a];
                // x'[a] = x[a] cos - x[b] sin ; x'[b] = x[b] cos + x[a] sin
                cos[pos * dim + a] = c;
                cos[pos * dim + b] = c;
                sin[pos * dim + a] = -s;
                sin[pos * dim + b] = s;
            }
        }
        return new Tables(cos, sin, partner.clone());
    }

    /**
     * The rotation matrices of positions [start, start + count), (count, dim, dim): row vector x times
     * R(p) turns every pair of x by its angle at position p (and scales by YaRN's attention factor).
     * Computed once per position and kept, growing with the longest sequence seen: a full table for
     * DeepSeek-V3's 163,840 positions would take gigabytes for nothing.
     */
    private INDArray rotations(int start, int count) {
        int needed = start + count;
        if (table == null || table.size(0) < needed) {
            int positions = Math.max(needed, table == null ? 64 : (int) Math.min(2L * table.size(0), Integer.MAX_VALUE));
            Tables t = tables(positions);
            float[] r = new float[positions * dim * dim];
            for (int pos = 0; pos < positions; pos++) {
                int base = pos * dim * dim;
                for (int a = 0; a < dim; a++) {
                    // x'[a] = x[a] cos + x[partner(a)] signedSin[a]
                    r[base + a * dim + a] = t.cos()[pos * dim + a];
                    r[base + partner[a] * dim + a] = t.signedSin()[pos * dim + a];
                }
            }
            try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                table = Tensors.array(r, positions, dim, dim);
            }
        }
        return table.get(NDArrayIndex.interval(start, needed), NDArrayIndex.all(), NDArrayIndex.all());
    }
}
