package dev.dsv3viz.model.trace;

/**
 * A dense SwiGLU MLP layer (the first {@code first_k_dense_replace} layers).
 *
 * @param normedInput after {@code post_attention_layernorm}, (T, hidden)
 * @param activation  silu(gate) * up, (T, intermediate)
 * @param output      after {@code down_proj}, (T, hidden)
 */
public record MlpStep(int layer, int startPosition, FloatTensor normedInput, FloatTensor activation,
                      FloatTensor output) implements TraceStep {
}
