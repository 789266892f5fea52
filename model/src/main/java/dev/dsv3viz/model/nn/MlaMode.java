package dev.dsv3viz.model.nn;

/** The two equivalent ways to compute multi-head latent attention over the latent cache. */
public enum MlaMode {
    /** Expand per-head keys and values from every cached c_KV, then ordinary attention. */
    NAIVE,
    /** Fold W_UK into the query and W_UV into the output; attend over the cached latent directly. */
    ABSORBED
}
