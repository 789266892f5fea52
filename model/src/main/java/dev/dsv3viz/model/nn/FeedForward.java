package dev.dsv3viz.model.nn;

import dev.dsv3viz.model.trace.Recorder;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The second half of a decoder layer: a dense MLP or DeepSeekMoE. */
public interface FeedForward {
    /** (T, hidden) normed input -> (T, hidden) output for the tokens at positions [start, start + T). */
    INDArray forward(INDArray normed, int layer, int start, Recorder rec);
}
