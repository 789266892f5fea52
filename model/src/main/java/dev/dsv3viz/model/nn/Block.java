package dev.dsv3viz.model.nn;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.trace.BlockOutputStep;
import dev.dsv3viz.model.trace.FloatTensor;
import dev.dsv3viz.model.trace.Recorder;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A pre-norm decoder layer: h = x + Mla(norm(x)); out = h + FFN(norm(h)). */
public final class Block {
    private final int layer;
    private final RmsNorm inputNorm;
    private final Mla attention;
    private final RmsNorm postAttentionNorm;
    private final FeedForward ffn;

    public Block(ModelConfig c, int layer, BlockWeights w, Rope rope) {
        this.layer = layer;
        this.inputNorm = new RmsNorm(w.inputNorm(), c.rmsNormEps());
        this.attention = new Mla(c, w.attention(), rope);
        this.postAttentionNorm = new RmsNorm(w.postAttentionNorm(), c.rmsNormEps());
        this.ffn = w.mlp() != null ? new Mlp(w.mlp()) : new Moe(c, w.moe());
    }

    /**
     * (T, hidden) -> (T, hidden) for the tokens after the {@code cache}'s current length, computed in place
     * in {@code x}; appends their latent rows to cache layer {@code cacheSlot}.
     */
    public INDArray forward(INDArray x, int cacheSlot, KvCache cache, MlaMode mode, Recorder rec) {
        int start = cache.length();
        // Both sub-layers add into the residual stream in place: x becomes h, then the layer's output.
        INDArray h = attention.forward(x, inputNorm.apply(x), layer, cacheSlot, cache, mode, rec); // (T, hidden)
        FloatTensor afterAttention = rec.isOn() ? Tensors.trace(h) : null;
        INDArray out = ffn.forward(postAttentionNorm.apply(h), h, layer, start, rec); // (T, hidden)
        if (rec.isOn()) {
            rec.add(new BlockOutputStep(layer, start, afterAttention, Tensors.trace(out)));
        }
        return out;
    }
}
