package dev.dsv3viz.model.nn;

/**
 * The router's decision for T tokens, with the intermediate scores it was made from. Plain Java arrays:
 * choosing experts is discrete logic, done outside the tensor library.
 *
 * @param affinities   (T, E) unbiased affinities s
 * @param choiceScores (T, E) the scores experts are chosen by (s + bias for noaux_tc)
 * @param groupScores  (T, G) each group's score
 * @param keptGroups   (T, topk_group) kept groups, best first
 * @param experts      (T, k) chosen experts, best first
 * @param weights      (T, k) their gate weights
 */
public record Routing(float[][] affinities, float[][] choiceScores, float[][] groupScores, int[][] keptGroups,
                      int[][] experts, float[][] weights) {
    public int tokens() {
        return experts.length;
    }
}
