package dev.dsv3viz.model.trace;

/**
 * One multi-head latent attention (MLA) sub-layer over T new tokens attending to S cached positions.
 *
 * @param absorbed            whether the absorbed form ran (W_UK folded into the query, W_UV into the output)
 * @param input               the residual stream entering the layer, (T, hidden)
 * @param normedInput         after {@code input_layernorm}, (T, hidden)
 * @param queryLatent         c_Q after {@code q_a_layernorm}, (T, q_lora_rank); null when the query is projected directly
 * @param queryNope           position-free query part per head, (T, heads, qk_nope)
 * @param queryRope           rotary query part per head before rotation, (T, heads, qk_rope)
 * @param queryRopeRotated    the same after RoPE, (T, heads, qk_rope)
 * @param kvLatent            c_KV after {@code kv_a_layernorm}: what MLA caches, (T, kv_lora_rank)
 * @param keyRope             the shared rotary key before rotation, (T, qk_rope)
 * @param keyRopeRotated      the same after RoPE: cached beside c_KV, (T, qk_rope)
 * @param keyNope             per-head keys expanded from c_KV for the new tokens, (T, heads, qk_nope)
 * @param value               per-head values expanded from c_KV for the new tokens, (T, heads, v_head)
 * @param ropeInverseFrequencies the rotation speed of each rotary pair (YaRN-adjusted), (qk_rope / 2)
 * @param softmaxScale        the factor applied to q·k before the softmax
 * @param attentionWeights    softmax probabilities, (heads, T, S); causal: zero beyond each token's position
 * @param headOutputs         each head's weighted sum of values, (T, heads, v_head)
 * @param output              after {@code o_proj}: what is added to the residual stream, (T, hidden)
 */
public record AttentionStep(int layer, int startPosition, boolean absorbed, FloatTensor input, FloatTensor normedInput,
                            FloatTensor queryLatent, FloatTensor queryNope, FloatTensor queryRope,
                            FloatTensor queryRopeRotated, FloatTensor kvLatent, FloatTensor keyRope,
                            FloatTensor keyRopeRotated, FloatTensor keyNope, FloatTensor value,
                            FloatTensor ropeInverseFrequencies, double softmaxScale, FloatTensor attentionWeights,
                            FloatTensor headOutputs, FloatTensor output) implements TraceStep {
}
