package dev.dsv3viz.model.trace;

/**
 * The token embedding lookup.
 *
 * @param tokens     ids of the tokens embedded
 * @param embeddings their rows of the embedding matrix, (T, hidden)
 */
public record EmbedStep(int startPosition, int[] tokens, FloatTensor embeddings) implements TraceStep {
    public EmbedStep {
        tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    @Override
    public int layer() {
        return -1;
    }
}
