package dev.dsv3viz.model.count;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.config.TopkMethod;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts a DeepSeek-V3-family model's parameters from its config alone, term by term.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Every tensor of the released checkpoint counts, norm gains and the router's load-balancing bias
 *       ({@code e_score_correction_bias}) included. With these conventions the released DeepSeek-V3
 *       config gives exactly 671,026,419,200 parameters.</li>
 *   <li>Activated per token: everything except the routed experts a token is not sent to. The embedding
 *       matrix counts in full although a token reads one row of it, as in the model card's arithmetic:
 *       DeepSeek-V3 gives 37,552,297,472 (the paper rounds to 37B). Leaving out the embedding lookup gives
 *       36.6B, close to the 36.7B stated in the weights README. For DeepSeek-V2-Lite the published
 *       2.4B activated likewise matches the arithmetic without the embedding (2.45B), not with it (2.66B);
 *       this class reports the arithmetic with the embedding, the same convention for every model.</li>
 *   <li>Tied embeddings ({@code tie_word_embeddings}) count once.</li>
 *   <li>MTP modules are counted apart. Their unique parameters are their decoder layer, {@code enorm},
 *       {@code hnorm}, {@code eh_proj} and {@code shared_head.norm}; the embedding and output head they
 *       use are the main model's (the released checkpoint stores copies), so they count in the modules'
 *       activated parameters but not in their unique ones.</li>
 * </ul>
 */
public final class ParameterCounter {
    private ParameterCounter() {
    }

    public static ParameterCount count(ModelConfig c) {
        long h = c.hiddenSize();
        long vocabByHidden = Math.multiplyExact((long) c.vocabSize(), h);
        List<ParameterPart> parts = new ArrayList<>();
        parts.add(new ParameterPart("embedding", LayerKind.MODEL, vocabByHidden, 1, vocabByHidden));
        int dense = 0;
        int moe = 0;
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            if (c.isMoeLayer(i)) {
                moe++;
            } else {
                dense++;
            }
        }
        addBlock(c, LayerKind.DENSE, dense, false, parts);
        addBlock(c, LayerKind.MOE, moe, true, parts);
        parts.add(new ParameterPart("final norm", LayerKind.MODEL, h, 1, h));
        if (!c.tieWordEmbeddings()) {
            parts.add(new ParameterPart("lm_head", LayerKind.MODEL, vocabByHidden, 1, vocabByHidden));
        }
        int mtp = c.numNextnPredictLayers();
        if (mtp > 0) {
            addBlock(c, LayerKind.MTP, mtp, c.isMoeLayer(c.mtpLayerIndex(1)), parts);
            add(parts, "mtp enorm + hnorm", LayerKind.MTP, 2 * h, mtp);
            add(parts, "mtp eh_proj", LayerKind.MTP, 2 * h * h, mtp);
            add(parts, "mtp shared_head.norm", LayerKind.MTP, h, mtp);
        }
        long shared = c.tieWordEmbeddings() ? vocabByHidden : 2 * vocabByHidden;
        return new ParameterCount(parts, shared, mtp);
    }

    private static void addBlock(ModelConfig c, LayerKind kind, int layers, boolean isMoe, List<ParameterPart> parts) {
        if (layers == 0) {
            return;
        }
        long h = c.hiddenSize();
        long heads = c.numAttentionHeads();
        if (c.hasQLora()) {
            add(parts, "attention q_a_proj", kind, h * c.qLoraRank(), layers);
            add(parts, "attention q_a_layernorm", kind, c.qLoraRank(), layers);
            add(parts, "attention q_b_proj", kind, (long) c.qLoraRank() * heads * c.qkHeadDim(), layers);
        } else {
            add(parts, "attention q_proj", kind, h * heads * c.qkHeadDim(), layers);
        }
        add(parts, "attention kv_a_proj_with_mqa", kind, h * c.latentCacheWidth(), layers);
        add(parts, "attention kv_a_layernorm", kind, c.kvLoraRank(), layers);
        add(parts, "attention kv_b_proj", kind, (long) c.kvLoraRank() * heads * (c.qkNopeHeadDim() + c.vHeadDim()), layers);
        add(parts, "attention o_proj", kind, heads * c.vHeadDim() * h, layers);
        add(parts, "layer norms", kind, 2 * h, layers);
        if (!isMoe) {
            add(parts, "dense MLP", kind, 3 * h * c.intermediateSize(), layers);
            return;
        }
        long bias = c.topkMethod() == TopkMethod.NOAUX_TC ? c.nRoutedExperts() : 0;
        add(parts, "router", kind, c.nRoutedExperts() * h + bias, layers);
        long expert = 3 * h * c.moeIntermediateSize();
        parts.add(new ParameterPart("routed experts", kind, expert * c.nRoutedExperts(), layers,
                expert * c.numExpertsPerTok()));
        if (c.nSharedExperts() > 0) {
            add(parts, "shared experts", kind, expert * c.nSharedExperts(), layers);
        }
    }

    /** A part every token uses in full. */
    private static void add(List<ParameterPart> parts, String name, LayerKind kind, long perLayer, int layers) {
        parts.add(new ParameterPart(name, kind, perLayer, layers, perLayer));
    }

    /**
     * Parameters the main model computed with for a set of tokens, given the distinct routed experts they
     * were sent to in each MoE layer: for one token that is {@link ParameterCount#activated()}; for a whole
     * prompt, the union of what its tokens touched.
     *
     * @param distinctExpertsPerMoeLayer how many different routed experts ran in each MoE layer, in order
     */
    public static long touched(ModelConfig c, int[] distinctExpertsPerMoeLayer) {
        ParameterCount count = count(c);
        int moeLayers = (int) count.parts().stream()
                .filter(p -> p.kind() == LayerKind.MOE && p.component().equals("routed experts"))
                .mapToLong(ParameterPart::layers).sum();
        if (distinctExpertsPerMoeLayer.length != moeLayers) {
            throw new IllegalArgumentException("the model has " + moeLayers + " MoE layers, not "
                    + distinctExpertsPerMoeLayer.length);
        }
        long expert = 3L * c.hiddenSize() * c.moeIntermediateSize();
        long sum = count.activated() - Math.multiplyExact(expert * c.numExpertsPerTok(), (long) moeLayers);
        for (int n : distinctExpertsPerMoeLayer) {
            if (n < 0 || n > c.nRoutedExperts()) {
                throw new IllegalArgumentException(n + " distinct experts in a layer of " + c.nRoutedExperts());
            }
            sum = Math.addExact(sum, expert * n);
        }
        return sum;
    }
}
