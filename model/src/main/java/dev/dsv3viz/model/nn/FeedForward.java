package dev.dsv3viz.model.nn;

import dev.dsv3viz.model.trace.Recorder;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The second half of a decoder layer: a dense MLP or DeepSeekMoE. */
public interface FeedForward {
    /**
     * Adds the output for {@code normed}, (T, hidden), the tokens at positions [start, start + T), to
     * {@code residual}, (T, hidden), in place, and returns it: the last product accumulates straight into
     * the residual stream, one array operation fewer per layer.
     */
    INDArray forward(INDArray normed, INDArray residual, int layer, int start, Recorder rec);
}
