package dev.dsv3viz.model.nn;

import dev.dsv3viz.model.trace.MlpStep;
import dev.dsv3viz.model.trace.Recorder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The dense SwiGLU MLP of the first layers (every expert has the same form, see {@link Moe}). */
public final class Mlp implements FeedForward {
    private final int width;
    /** [gate | up] side by side, (hidden, 2 * width): one product for both. */
    private final INDArray gateUp;
    private final INDArray down;

    public Mlp(MlpWeights w) {
        this.width = w.width();
        this.gateUp = Nd4j.concat(1, w.gate(), w.up());
        this.down = w.down();
    }

    /** silu(x · gate) * (x · up), (T, width). */
    private INDArray activation(INDArray normed) {
        INDArray gu = Tensors.mm(normed, gateUp); // (T, hidden) x (hidden, 2*width) = (T, 2*width)
        return Tensors.silu(gu.get(NDArrayIndex.all(), NDArrayIndex.interval(0, width)))
                .muli(gu.get(NDArrayIndex.all(), NDArrayIndex.interval(width, 2 * width))); // (T, width)
    }

    @Override
    public INDArray forward(INDArray normed, INDArray residual, int layer, int start, Recorder rec) {
        INDArray act = activation(normed);
        if (rec.isOn()) {
            INDArray out = Tensors.mm(act, down); // (T, width) x (width, hidden) = (T, hidden)
            rec.add(new MlpStep(layer, start, Tensors.trace(normed), Tensors.trace(act), Tensors.trace(out)));
        }
        return Tensors.mmAdd(act, down, residual); // residual += (T, width) x (width, hidden)
    }
}
