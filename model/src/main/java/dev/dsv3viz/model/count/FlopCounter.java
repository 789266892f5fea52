package dev.dsv3viz.model.count;

import dev.dsv3viz.model.config.ModelConfig;

/**
 * Multiply-add work of a forward pass for one token, 2 FLOPs per weight it is multiplied with, plus the
 * attention over the context. The embedding is a lookup and the norm gains and router bias are
 * element-wise, so they are left out.
 */
public final class FlopCounter {
    private FlopCounter() {
    }

    /** FLOPs for one token of the main model with {@code context} tokens before it (itself included). */
    public static long activated(ModelConfig c, long context) {
        return Math.addExact(2 * matmulWeights(c, true), attention(c, context));
    }

    /** The same if every routed expert ran for every token: what a dense model of this size would cost. */
    public static long dense(ModelConfig c, long context) {
        return Math.addExact(2 * matmulWeights(c, false), attention(c, context));
    }

    private static long matmulWeights(ModelConfig c, boolean activatedOnly) {
        ParameterCount count = ParameterCounter.count(c);
        long w = 0;
        for (ParameterPart p : count.parts()) {
            if (p.kind() == LayerKind.MTP || p.component().equals("embedding") || p.component().contains("norm")) {
                continue;
            }
            long n = activatedOnly ? p.activated() : p.total();
            if (p.component().equals("router")) {
                long biasPerLayer = p.perLayer() - (long) c.nRoutedExperts() * c.hiddenSize();
                n -= biasPerLayer * p.layers(); // the bias is added, not multiplied
            }
            w = Math.addExact(w, n);
        }
        return w;
    }

    /** q·k over the context and the weighted sum of values, per layer and head. */
    private static long attention(ModelConfig c, long context) {
        return 2L * c.numHiddenLayers() * c.numAttentionHeads() * (c.qkHeadDim() + c.vHeadDim()) * context;
    }
}
