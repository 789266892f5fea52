package dev.dsv3viz.model.nn;

import dev.dsv3viz.model.trace.FloatTensor;
import dev.dsv3viz.model.trace.OutputStep;
import dev.dsv3viz.model.trace.Recorder;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A prediction head: RMSNorm, then the output projection to the vocabulary. */
public final class Head {
    /** Most likely tokens kept per position in the trace. */
    public static final int TOP = 10;

    private final RmsNorm norm;
    private final INDArray projection;

    /** @param projection stored (in, out), (hidden, vocab) */
    public Head(RmsNorm norm, INDArray projection) {
        this.norm = norm;
        this.projection = projection;
    }

    /** (n, hidden) -> logits (n, vocab). */
    public INDArray forward(INDArray hidden, int layer, int start, int depth, Recorder rec) {
        INDArray normed = norm.apply(hidden);
        INDArray logits = Tensors.mm(normed, projection); // (n, hidden) x (hidden, vocab) = (n, vocab)
        if (rec.isOn()) {
            int n = logits.rows();
            int vocab = (int) logits.columns();
            float[] all = Tensors.floats(logits);
            int[][] top = new int[n][];
            float[] probs = new float[n * TOP];
            for (int i = 0; i < n; i++) {
                float[] row = java.util.Arrays.copyOfRange(all, i * vocab, (i + 1) * vocab);
                float[] p = Sampling.softmax(row, 1.0);
                top[i] = Gate.topIndices(row, Math.min(TOP, vocab), null);
                for (int j = 0; j < top[i].length; j++) {
                    probs[i * TOP + j] = p[top[i][j]];
                }
            }
            rec.add(new OutputStep(layer, start, depth, Tensors.trace(normed), FloatTensor.of(all, n, vocab), top,
                    FloatTensor.of(probs, n, TOP)));
        }
        return logits;
    }
}
