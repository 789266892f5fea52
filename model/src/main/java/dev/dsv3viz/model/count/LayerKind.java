package dev.dsv3viz.model.count;

/** Where a counted parameter lives. */
public enum LayerKind {
    /** Embedding, final norm and LM head: once per model. */
    MODEL,
    /** The first {@code first_k_dense_replace} layers, with a dense MLP. */
    DENSE,
    /** The DeepSeekMoE layers. */
    MOE,
    /** The multi-token-prediction modules. */
    MTP
}
