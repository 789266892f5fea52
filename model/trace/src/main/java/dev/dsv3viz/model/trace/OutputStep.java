package dev.dsv3viz.model.trace;

/**
 * A prediction head: the final RMSNorm, the logits and the most likely tokens per position.
 *
 * @param depth            0 for the main head (predicts t_{i+1}); k for MTP module k (predicts t_{i+k+1})
 * @param normed           after the final norm, (n, hidden)
 * @param logits           (n, vocab)
 * @param topTokens        the most likely ids per position, best first, (n, top)
 * @param topProbabilities their softmax probabilities, (n, top)
 */
public record OutputStep(int layer, int startPosition, int depth, FloatTensor normed, FloatTensor logits,
                         int[][] topTokens, FloatTensor topProbabilities) implements TraceStep {
    public OutputStep {
        topTokens = IntRows.copy(topTokens);
    }

    @Override
    public int[][] topTokens() {
        return IntRows.copy(topTokens);
    }
}
