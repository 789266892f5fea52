package dev.dsv3viz.model.config;

/**
 * A DeepSeek-V3-family model's shapes and hyper-parameters, as in the released {@code config.json}.
 * Immutable; every invariant the forward pass relies on is checked here, and a failure names the key.
 *
 * <h2>Model</h2>
 * @param vocabSize              tokens in the vocabulary ({@code vocab_size})
 * @param hiddenSize             width of the residual stream ({@code hidden_size})
 * @param numHiddenLayers        decoder layers of the main model, MTP modules not included ({@code num_hidden_layers})
 * @param intermediateSize       hidden width of the dense SwiGLU MLP ({@code intermediate_size})
 * @param maxPositionEmbeddings  longest sequence the model accepts ({@code max_position_embeddings})
 * @param rmsNormEps             epsilon inside every RMSNorm ({@code rms_norm_eps})
 * @param tieWordEmbeddings      whether the LM head reuses the embedding matrix ({@code tie_word_embeddings})
 *
 * <h2>MLA: multi-head latent attention</h2>
 * @param numAttentionHeads      attention heads ({@code num_attention_heads})
 * @param qLoraRank              width of the compressed query c_Q; 0 when the query is projected directly
 *                               ({@code q_lora_rank}, null in DeepSeek-V2-Lite)
 * @param kvLoraRank             width of the compressed key/value latent c_KV, the part that is cached ({@code kv_lora_rank})
 * @param qkNopeHeadDim          per-head query/key dimensions that carry no position ({@code qk_nope_head_dim})
 * @param qkRopeHeadDim          per-head query/key dimensions rotated by RoPE; the key part is shared by all heads ({@code qk_rope_head_dim})
 * @param vHeadDim               per-head value dimensions ({@code v_head_dim})
 *
 * <h2>MoE: DeepSeekMoE feed-forward</h2>
 * @param nRoutedExperts         routed experts per MoE layer; 0 for a model without MoE ({@code n_routed_experts})
 * @param nSharedExperts         always-active shared experts, run as one MLP of n times the width ({@code n_shared_experts})
 * @param numExpertsPerTok       routed experts chosen per token, k ({@code num_experts_per_tok})
 * @param moeIntermediateSize    hidden width of one expert ({@code moe_intermediate_size})
 * @param nGroup                 expert groups the router first chooses among ({@code n_group})
 * @param topkGroup              groups kept per token ({@code topk_group})
 * @param firstKDenseReplace     leading layers that use the dense MLP instead of MoE ({@code first_k_dense_replace})
 * @param moeLayerFreq           every n-th layer after those is MoE ({@code moe_layer_freq})
 * @param scoringFunction        sigmoid (V3) or softmax (V2) affinities ({@code scoring_func})
 * @param topkMethod             how experts are picked from the affinities ({@code topk_method})
 * @param normTopkProb           whether the chosen experts' weights are normalised to sum to one ({@code norm_topk_prob})
 * @param routedScalingFactor    multiplier of the routed experts' weights ({@code routed_scaling_factor})
 *
 * <h2>MTP: multi-token prediction</h2>
 * @param numNextnPredictLayers  MTP modules, each predicting one token further ahead ({@code num_nextn_predict_layers})
 *
 * <h2>RoPE</h2>
 * @param ropeTheta              base of the rotary frequencies ({@code rope_theta})
 * @param ropeScaling            YaRN context extension, or null ({@code rope_scaling})
 * @param ropeInterleave         rotary dimensions stored as interleaved pairs (x0,x1),(x2,x3)... ({@code rope_interleave})
 */
public record ModelConfig(
        int vocabSize, int hiddenSize, int numHiddenLayers, int intermediateSize, int maxPositionEmbeddings,
        double rmsNormEps, boolean tieWordEmbeddings,
        int numAttentionHeads, int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim,
        int nRoutedExperts, int nSharedExperts, int numExpertsPerTok, int moeIntermediateSize, int nGroup,
        int topkGroup, int firstKDenseReplace, int moeLayerFreq, ScoringFunction scoringFunction,
        TopkMethod topkMethod, boolean normTopkProb, double routedScalingFactor,
        int numNextnPredictLayers,
        double ropeTheta, RopeScaling ropeScaling, boolean ropeInterleave) {

    public ModelConfig {
        ConfigChecks.positive(vocabSize, "vocab_size");
        ConfigChecks.positive(hiddenSize, "hidden_size");
        ConfigChecks.positive(numHiddenLayers, "num_hidden_layers");
        ConfigChecks.positive(intermediateSize, "intermediate_size");
        ConfigChecks.positive(maxPositionEmbeddings, "max_position_embeddings");
        ConfigChecks.require(rmsNormEps > 0 && rmsNormEps < 1, "rms_norm_eps", "must be between 0 and 1, was " + rmsNormEps);
        ConfigChecks.positive(numAttentionHeads, "num_attention_heads");
        ConfigChecks.require(qLoraRank >= 0, "q_lora_rank", "must be a positive whole number or null, was " + qLoraRank);
        ConfigChecks.positive(kvLoraRank, "kv_lora_rank");
        ConfigChecks.positive(qkNopeHeadDim, "qk_nope_head_dim");
        ConfigChecks.positive(qkRopeHeadDim, "qk_rope_head_dim");
        ConfigChecks.require(qkRopeHeadDim % 2 == 0, "qk_rope_head_dim",
                "must be even, because RoPE rotates pairs of dimensions; was " + qkRopeHeadDim);
        ConfigChecks.positive(vHeadDim, "v_head_dim");
        ConfigChecks.require(nRoutedExperts >= 0, "n_routed_experts", "must not be negative, was " + nRoutedExperts);
        ConfigChecks.require(nSharedExperts >= 0, "n_shared_experts", "must not be negative, was " + nSharedExperts);
        ConfigChecks.require(firstKDenseReplace >= 0, "first_k_dense_replace", "must not be negative, was " + firstKDenseReplace);
        ConfigChecks.positive(moeLayerFreq, "moe_layer_freq");
        if (nRoutedExperts > 0) {
            ConfigChecks.positive(moeIntermediateSize, "moe_intermediate_size");
            ConfigChecks.positive(nGroup, "n_group");
            ConfigChecks.require(nRoutedExperts % nGroup == 0, "n_group",
                    "must divide n_routed_experts (" + nRoutedExperts + ") evenly, was " + nGroup);
            ConfigChecks.positive(topkGroup, "topk_group");
            ConfigChecks.require(topkGroup <= nGroup, "topk_group",
                    "must not exceed n_group (" + nGroup + "), was " + topkGroup);
            ConfigChecks.positive(numExpertsPerTok, "num_experts_per_tok");
            int reachable = topkMethod == TopkMethod.GREEDY ? nRoutedExperts : topkGroup * (nRoutedExperts / nGroup);
            ConfigChecks.require(numExpertsPerTok <= reachable, "num_experts_per_tok",
                    "asks for " + numExpertsPerTok + " experts but only " + reachable + " can be chosen");
            ConfigChecks.require(topkMethod != TopkMethod.NOAUX_TC || nRoutedExperts / nGroup >= 2, "n_group",
                    "leaves fewer than two experts per group, but noaux_tc scores a group by its two best experts");
            ConfigChecks.require(Double.isFinite(routedScalingFactor) && routedScalingFactor > 0,
                    "routed_scaling_factor", "must be a positive number, was " + routedScalingFactor);
            ConfigChecks.require(scoringFunction != null, "scoring_func", "must be sigmoid or softmax");
            ConfigChecks.require(topkMethod != null, "topk_method", "must be noaux_tc, greedy or group_limited_greedy");
        }
        ConfigChecks.require(numNextnPredictLayers >= 0, "num_nextn_predict_layers",
                "must not be negative, was " + numNextnPredictLayers);
        ConfigChecks.atMost(vocabSize, 1 << 22, "vocab_size");
        ConfigChecks.atMost(hiddenSize, 1 << 16, "hidden_size");
        ConfigChecks.atMost(numHiddenLayers, 1024, "num_hidden_layers");
        ConfigChecks.atMost(intermediateSize, 1 << 20, "intermediate_size");
        ConfigChecks.atMost(maxPositionEmbeddings, 1 << 24, "max_position_embeddings");
        ConfigChecks.atMost(numAttentionHeads, 1024, "num_attention_heads");
        ConfigChecks.atMost(qLoraRank, 1 << 16, "q_lora_rank");
        ConfigChecks.atMost(kvLoraRank, 1 << 16, "kv_lora_rank");
        ConfigChecks.atMost(qkNopeHeadDim, 1 << 12, "qk_nope_head_dim");
        ConfigChecks.atMost(qkRopeHeadDim, 1 << 12, "qk_rope_head_dim");
        ConfigChecks.atMost(vHeadDim, 1 << 12, "v_head_dim");
        ConfigChecks.atMost(nRoutedExperts, 1 << 14, "n_routed_experts");
        ConfigChecks.atMost(nSharedExperts, 64, "n_shared_experts");
        ConfigChecks.atMost(moeIntermediateSize, 1 << 18, "moe_intermediate_size");
        ConfigChecks.atMost(numNextnPredictLayers, 64, "num_nextn_predict_layers");
        ConfigChecks.require(Double.isFinite(ropeTheta) && ropeTheta > 1, "rope_theta", "must be a number above 1, was " + ropeTheta);
    }

    /** Width of one head's query and key: the position-free part plus the rotary part. */
    public int qkHeadDim() {
        return qkNopeHeadDim + qkRopeHeadDim;
    }

    public boolean hasQLora() {
        return qLoraRank > 0;
    }

    /** Width of one MLA cache row: the latent c_KV and the shared rotary key. */
    public int latentCacheWidth() {
        return kvLoraRank + qkRopeHeadDim;
    }

    /** Experts in one group. */
    public int expertsPerGroup() {
        return nRoutedExperts / nGroup;
    }

    /**
     * Whether decoder layer {@code layer} (0-based; MTP module k is layer {@code numHiddenLayers + k - 1})
     * uses DeepSeekMoE rather than the dense MLP.
     */
    public boolean isMoeLayer(int layer) {
        return nRoutedExperts > 0 && layer >= firstKDenseReplace && layer % moeLayerFreq == 0;
    }

    /** Layer index under which MTP module {@code depth} (1-based) is stored in a checkpoint. */
    public int mtpLayerIndex(int depth) {
        return numHiddenLayers + depth - 1;
    }

    /** Softmax scale of attention scores: 1/sqrt(qk head dim), times YaRN's mscale squared. */
    public double softmaxScale() {
        double scale = 1.0 / Math.sqrt(qkHeadDim());
        return ropeScaling == null ? scale : scale * ropeScaling.softmaxScaleFactor();
    }
}
