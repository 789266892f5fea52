package dev.dsv3viz.model.training;

import dev.dsv3viz.model.nn.Tensors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A prediction head with its loss: norm, the (shared) LM head, and the mean cross-entropy against the
 * targets. The gradient of weight · CE with respect to the logits, (softmax − one-hot) · weight / N, is
 * formed in the forward call, in place of the probabilities.
 */
final class OutputLayer {
    private final Norm norm;
    private final Param head;
    private final double weight;
    private INDArray normed;
    private INDArray dLogits;

    /** @param weight this head's weight in the total loss: 1 for the main head, λ/D for an MTP depth */
    OutputLayer(Norm norm, Param head, double weight) {
        this.norm = norm;
        this.head = head;
        this.weight = weight;
    }

    /** The mean cross-entropy of predicting {@code targets} (N) from {@code hidden} (N, hidden), in nats. */
    double forward(INDArray hidden, int[] targets) {
        normed = norm.forward(hidden);
        INDArray probs = Transforms.softmax(head.forward(normed), false); // (N, vocab)
        int n = targets.length;
        int vocab = (int) probs.columns();
        FloatBuffer p = probs.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        double loss = 0;
        for (int i = 0; i < n; i++) {
            int at = i * vocab + targets[i];
            float q = p.get(at);
            loss -= Math.log(Math.max(q, Float.MIN_NORMAL));
            p.put(at, q - 1f);
        }
        dLogits = probs.muli(weight / n);
        return loss / n;
    }

    /** d hidden (N, hidden) of weight · CE. */
    INDArray backward() {
        return norm.backward(head.backward(normed, dLogits));
    }
}
