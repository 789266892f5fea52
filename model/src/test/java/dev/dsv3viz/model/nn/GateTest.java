package dev.dsv3viz.model.nn;

import dev.dsv3viz.model.ConfigBuilder;
import dev.dsv3viz.model.config.ModelConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class GateTest {
    /** 8 experts in 4 groups of 2; keep 2 groups, choose 2 experts. */
    private static ModelConfig smallRouter() {
        return smallRouter("noaux_tc", true);
    }

    private static ModelConfig smallRouter(String method, boolean normalise) {
        return ConfigBuilder.tinyV3().nRoutedExperts(8).nGroup(4).topkGroup(2).numExpertsPerTok(2)
                .topkMethod(method).normTopkProb(normalise).build();
    }

    @Test
    void biasChangesTheChoiceButNotTheWeights() {
        ModelConfig c = smallRouter();
        float[] s = {0.9f, 0.1f, 0.8f, 0.1f, 0.2f, 0.1f, 0.3f, 0.1f};
        Routing plain = new Gate(c, null).choose(new float[][]{s});
        assertArrayEquals(new int[]{0, 2}, plain.experts()[0]);

        // Raising expert 6's bias lifts its group (3) above group 1 and makes it win a slot.
        float[] bias = {0, 0, 0, 0, 0, 0, 1.0f, 0};
        Routing biased = new Gate(c, bias).choose(new float[][]{s});
        assertArrayEquals(new int[]{6, 0}, biased.experts()[0]);
        assertArrayEquals(new int[]{3, 0}, biased.keptGroups()[0]);
        // Weights from unbiased affinities 0.3 and 0.9, normalised, times 2.5.
        assertEquals(2.5f * 0.3f / 1.2f, biased.weights()[0][0], 1e-6);
        assertEquals(2.5f * 0.9f / 1.2f, biased.weights()[0][1], 1e-6);
    }

    @Test
    void groupScoreIsTheSumOfTheTwoBestBiasedScores() {
        ModelConfig c = smallRouter();
        float[] s = {0.5f, 0.4f, 0.95f, 0.0f, 0.3f, 0.3f, 0.1f, 0.1f};
        Routing r = new Gate(c, null).choose(new float[][]{s});
        assertArrayEquals(new float[]{0.9f, 0.95f, 0.6f, 0.2f}, r.groupScores()[0], 1e-6f);
        // Group 0 (0.9) and group 1 (0.95) are kept, so expert 4 (0.3) cannot be chosen over expert 1 (0.4).
        assertArrayEquals(new int[]{2, 0}, r.experts()[0]);
    }

    @Test
    void expertsOutsideTheKeptGroupsAreNeverChosen() {
        ModelConfig c = smallRouter();
        // Group 0 holds the single best expert but its partner is poor; groups 1 and 2 have two good ones each.
        float[] s = {0.99f, 0.0f, 0.6f, 0.6f, 0.55f, 0.55f, 0.1f, 0.1f};
        Routing r = new Gate(c, null).choose(new float[][]{s});
        assertArrayEquals(new int[]{1, 2}, r.keptGroups()[0]);
        assertArrayEquals(new int[]{2, 3}, r.experts()[0]);
    }

    @Test
    void groupLimitedGreedyRanksGroupsByTheirBestAffinity() {
        ModelConfig c = smallRouter("group_limited_greedy", false);
        // Group 0's best (0.3) loses to group 2's single 0.35 although group 0's pair sums higher.
        float[] s = {0.3f, 0.29f, 0.05f, 0.01f, 0.35f, 0.0f, 0.0f, 0.0f};
        Routing r = new Gate(c, null).choose(new float[][]{s});
        assertArrayEquals(new int[]{2, 0}, r.keptGroups()[0]);
        assertArrayEquals(new int[]{4, 0}, r.experts()[0]);
        // Not normalised: the affinities times the scaling factor.
        assertEquals(2.5f * 0.35f, r.weights()[0][0], 1e-6);
    }
}
