package dev.dsv3viz.model.config;

/**
 * YaRN scaling of the rotary position embedding, as in the released DeepSeek-V3 config's
 * {@code rope_scaling} object.
 *
 * @param factor                        how much longer than the original context the model may read
 * @param originalMaxPositionEmbeddings the context length the model was pre-trained with
 * @param betaFast                      rotations per original context above which a frequency is kept as is
 * @param betaSlow                      rotations per original context below which a frequency is fully interpolated
 * @param mscale                        YaRN's attention temperature coefficient for the rotary embedding
 * @param mscaleAllDim                  the same coefficient for the softmax scale of all head dimensions
 */
public record RopeScaling(double factor, int originalMaxPositionEmbeddings, double betaFast, double betaSlow,
                          double mscale, double mscaleAllDim) {

    public RopeScaling {
        ConfigChecks.require(factor >= 1.0, "rope_scaling.factor", "must be at least 1, was " + factor);
        ConfigChecks.require(originalMaxPositionEmbeddings > 0, "rope_scaling.original_max_position_embeddings",
                "must be positive, was " + originalMaxPositionEmbeddings);
        ConfigChecks.require(betaFast >= betaSlow && betaSlow > 0, "rope_scaling.beta_fast",
                "must be at least beta_slow, and both positive (were " + betaFast + ", " + betaSlow + ")");
        ConfigChecks.require(mscale >= 0 && mscaleAllDim >= 0, "rope_scaling.mscale",
                "mscale and mscale_all_dim must not be negative");
    }

    /** YaRN's attention temperature: 0.1 * m * ln(factor) + 1 (1 when the context is not stretched). */
    public static double yarnMscale(double factor, double m) {
        return factor <= 1.0 ? 1.0 : 0.1 * m * Math.log(factor) + 1.0;
    }

    /** Multiplier of the rotary cos/sin tables. */
    public double attentionFactor() {
        return (mscale != 0 && mscaleAllDim != 0)
                ? yarnMscale(factor, mscale) / yarnMscale(factor, mscaleAllDim)
                : yarnMscale(factor, 1.0);
    }

    /** Multiplier of the softmax scale, squared because it scales both q and k. */
    public double softmaxScaleFactor() {
        if (mscaleAllDim == 0) {
            return 1.0;
        }
        double m = yarnMscale(factor, mscaleAllDim);
        return m * m;
    }
}
