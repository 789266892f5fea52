package dev.dsv3viz.model.trace;

/**
 * The residual stream leaving a decoder layer.
 *
 * @param afterAttention input + attention output, (T, hidden)
 * @param output         afterAttention + feed-forward output, (T, hidden)
 */
public record BlockOutputStep(int layer, int startPosition, FloatTensor afterAttention, FloatTensor output)
        implements TraceStep {
}
