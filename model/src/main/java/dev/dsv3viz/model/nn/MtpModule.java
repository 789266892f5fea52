package dev.dsv3viz.model.nn;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.trace.MtpInputStep;
import dev.dsv3viz.model.trace.Recorder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Multi-token prediction module k: at position i it joins the embedding of t_{i+k} with the previous
 * depth's hidden state h^{k-1}_i, runs one full decoder layer over the sequence, and predicts t_{i+k+1}
 * with the shared head:
 * <pre>
 *   h'_i = eh_proj([enorm(Emb(t_{i+k})) ; hnorm(h^{k-1}_i)])
 *   h^k  = Block_k(h')          (causal over positions 0..n-1)
 *   logits^k_i = head(norm(h^k_i))
 * </pre>
 */
public final class MtpModule {
    private final int depth;
    private final int layer;
    private final int cacheWidth;
    private final RmsNorm enorm;
    private final RmsNorm hnorm;
    private final INDArray ehProj;
    private final INDArray embedding;
    private final Block block;
    private final Head head;

    public MtpModule(ModelConfig c, int depth, MtpWeights w, Rope rope) {
        this.depth = depth;
        this.layer = c.mtpLayerIndex(depth);
        this.cacheWidth = c.latentCacheWidth();
        this.enorm = new RmsNorm(w.enorm(), c.rmsNormEps());
        this.hnorm = new RmsNorm(w.hnorm(), c.rmsNormEps());
        this.ehProj = w.ehProj();
        this.embedding = w.embedding();
        this.block = new Block(c, layer, w.block(), rope);
        this.head = new Head(new RmsNorm(w.headNorm(), c.rmsNormEps()), w.head());
    }

    /**
     * Runs the module over n positions.
     *
     * @param previous    h^{k-1}, (n, hidden)
     * @param aheadTokens t_{i+k} for each position i, (n)
     * @return the module's hidden state h^k (n, hidden) and logits (n, vocab)
     */
    public Output forward(INDArray previous, int[] aheadTokens, MlaMode mode, Recorder rec) {
        int n = aheadTokens.length;
        INDArray embedded = enorm.apply(embedding.getRows(aheadTokens)); // (n, hidden)
        INDArray hidden = hnorm.apply(previous); // (n, hidden)
        INDArray joined = Nd4j.concat(1, embedded, hidden); // (n, 2*hidden): embedding first, then hidden
        INDArray projected = Tensors.mm(joined, ehProj); // (n, 2*hidden) x (2*hidden, hidden) = (n, hidden)
        if (rec.isOn()) {
            rec.add(new MtpInputStep(layer, 0, depth, aheadTokens, Tensors.trace(embedded), Tensors.trace(hidden),
                    Tensors.trace(projected)));
        }
        // The module attends over its own sequence, positions 0..n-1, with a cache of its own.
        try (KvCache own = new KvCache(1, cacheWidth, n)) {
            INDArray out = block.forward(projected, 0, own, mode, rec); // (n, hidden)
            return new Output(out, head.forward(out, layer, 0, depth, rec));
        }
    }

    /** What a module hands on: its hidden state (the next depth's input) and its logits. */
    public record Output(INDArray hidden, INDArray logits) {
    }
}
