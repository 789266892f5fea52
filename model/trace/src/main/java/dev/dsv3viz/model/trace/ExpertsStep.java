package dev.dsv3viz.model.trace;

/**
 * The experts of one MoE layer for T tokens.
 *
 * @param experts        the routed experts that ran per token, (T, k), as in the router step
 * @param weights        their gate weights, (T, k)
 * @param expertOutputs  each chosen expert's own output before weighting, (T, k, hidden)
 * @param sharedOutput   the shared experts' output, (T, hidden); null when the model has none
 * @param output         sum of weighted routed outputs plus the shared output, (T, hidden)
 */
public record ExpertsStep(int layer, int startPosition, int[][] experts, FloatTensor weights,
                          FloatTensor expertOutputs, FloatTensor sharedOutput, FloatTensor output)
        implements TraceStep {
    public ExpertsStep {
        experts = IntRows.copy(experts);
    }

    @Override
    public int[][] experts() {
        return IntRows.copy(experts);
    }
}
