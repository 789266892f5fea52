package dev.dsv3viz.model.count;

import dev.dsv3viz.model.config.ModelConfig;

/**
 * How much a KV cache holds, from the config alone: MLA's latent cache against what plain multi-head
 * attention of the same shapes would keep. Counts the main model's layers (the MTP modules' caches are
 * only needed for speculative decoding).
 *
 * @param mlaPerTokenPerLayer {@code kv_lora_rank + qk_rope_head_dim}: the latent c_KV and the shared rope key
 * @param mhaPerTokenPerLayer {@code heads * (qk_nope + qk_rope + v_head)}: a full key and value per head
 * @param layers              layers that cache
 */
public record KvCacheCounter(long mlaPerTokenPerLayer, long mhaPerTokenPerLayer, int layers) {

    public static KvCacheCounter of(ModelConfig c) {
        return new KvCacheCounter(c.latentCacheWidth(),
                (long) c.numAttentionHeads() * (c.qkHeadDim() + c.vHeadDim()), c.numHiddenLayers());
    }

    public long mlaBytesPerToken(CacheDType dtype) {
        return mlaPerTokenPerLayer * layers * dtype.bytes();
    }

    public long mhaBytesPerToken(CacheDType dtype) {
        return mhaPerTokenPerLayer * layers * dtype.bytes();
    }

    /** Bytes MLA caches for a sequence of {@code tokens}. */
    public long mlaBytes(long tokens, CacheDType dtype) {
        return Math.multiplyExact(mlaBytesPerToken(dtype), tokens);
    }

    /** Bytes multi-head attention would cache for a sequence of {@code tokens}. */
    public long mhaBytes(long tokens, CacheDType dtype) {
        return Math.multiplyExact(mhaBytesPerToken(dtype), tokens);
    }

    /** How many times smaller MLA's cache is. */
    public double compression() {
        return (double) mhaPerTokenPerLayer / mlaPerTokenPerLayer;
    }
}
