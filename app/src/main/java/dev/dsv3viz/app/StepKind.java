package dev.dsv3viz.app;

/** The steps a forward pass is walked through, in the order the model computes them. */
public enum StepKind {
    EMBEDDING, ATTENTION_QUERY, ATTENTION_LATENT, ATTENTION_ROPE, ATTENTION_SCORES, ATTENTION_OUTPUT,
    MLP, ROUTER_AFFINITIES, ROUTER_BIAS, ROUTER_GROUPS, ROUTER_TOP_K, EXPERTS, COMBINE, MTP_INPUT, HEAD;

    /** The key of the step's texts in the message bundle. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '.');
    }
}
