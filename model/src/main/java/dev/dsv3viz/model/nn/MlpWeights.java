package dev.dsv3viz.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A SwiGLU MLP's weights, stored (in, out): down(silu(x · gate) * (x · up)).
 *
 * @param gate {@code gate_proj}, (hidden, width)
 * @param up   {@code up_proj}, (hidden, width)
 * @param down {@code down_proj}, (width, hidden)
 */
public record MlpWeights(INDArray gate, INDArray up, INDArray down) {
    public int width() {
        return (int) gate.columns();
    }
}
