package dev.dsv3viz.model.nn;

import dev.dsv3viz.model.trace.FloatTensor;
import dev.dsv3viz.model.trace.OutputStep;
import dev.dsv3viz.model.trace.Recorder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

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
            int top = Math.min(TOP, vocab);
            float[] all = Tensors.floats(logits);
            float[] p = Tensors.floats(Transforms.softmax(logits, true)); // (n, vocab)
            int[][] best = new int[n][];
            float[] probs = new float[n * top];
            for (int i = 0; i < n; i++) {
                best[i] = Gate.topIndices(java.util.Arrays.copyOfRange(p, i * vocab, (i + 1) * vocab), top, null);
                for (int j = 0; j < top; j++) {
                    probs[i * top + j] = p[i * vocab + best[i][j]];
                }
            }
            rec.add(new OutputStep(layer, start, depth, Tensors.trace(normed), FloatTensor.of(all, n, vocab), best,
                    FloatTensor.of(probs, n, top)));
        }
        return logits;
    }
}
