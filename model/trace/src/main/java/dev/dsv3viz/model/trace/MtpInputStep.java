package dev.dsv3viz.model.trace;

/**
 * How MTP module {@code depth} builds its input: the embedding of the token {@code depth} places ahead,
 * joined with the previous depth's hidden state, projected back to the model width.
 *
 * @param depth           1-based MTP depth k
 * @param aheadTokens     t_{i+k} for each position i, (n)
 * @param embeddingNormed enorm(Emb(t_{i+k})), (n, hidden)
 * @param hiddenNormed    hnorm(h^{k-1}_i), (n, hidden)
 * @param projected       eh_proj of their concatenation, (n, hidden): the input of the module's block
 */
public record MtpInputStep(int layer, int startPosition, int depth, int[] aheadTokens, FloatTensor embeddingNormed,
                           FloatTensor hiddenNormed, FloatTensor projected) implements TraceStep {
    public MtpInputStep {
        aheadTokens = aheadTokens.clone();
    }

    @Override
    public int[] aheadTokens() {
        return aheadTokens.clone();
    }
}
