package dev.dsv3viz.model.trace;

/**
 * The DeepSeekMoE router ({@code gate}) for T tokens, in the order it computes.
 *
 * @param normedInput   after {@code post_attention_layernorm}, (T, hidden)
 * @param affinities    s = sigmoid (or softmax) of the router logits, (T, experts)
 * @param bias          the load-balancing bias {@code e_score_correction_bias}, (experts); zeros when absent
 * @param choiceScores  s + bias: used only to choose, (T, experts)
 * @param groupScores   each group's score (V3: sum of its two best biased scores), (T, groups)
 * @param keptGroups    the groups kept per token, (T, topk_group)
 * @param experts       the routed experts chosen per token, (T, k), best first
 * @param weights       their gate weights from the unbiased affinities, normalised and scaled, (T, k)
 */
public record RouterStep(int layer, int startPosition, FloatTensor normedInput, FloatTensor affinities,
                         FloatTensor bias, FloatTensor choiceScores, FloatTensor groupScores, int[][] keptGroups,
                         int[][] experts, FloatTensor weights) implements TraceStep {
    public RouterStep {
        keptGroups = IntRows.copy(keptGroups);
        experts = IntRows.copy(experts);
    }

    @Override
    public int[][] keptGroups() {
        return IntRows.copy(keptGroups);
    }

    @Override
    public int[][] experts() {
        return IntRows.copy(experts);
    }

    /** The experts chosen for one token (position index within this step). */
    public int[] expertsOf(int token) {
        return experts[token].clone();
    }
}
