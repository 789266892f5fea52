package dev.dsv3viz.model.nn;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.config.ScoringFunction;
import dev.dsv3viz.model.config.TopkMethod;

import java.util.Arrays;

/**
 * The DeepSeekMoE router's decision. Affinities are sigmoid (V3) or softmax (V2) of the logits {@code x · W}. In V3
 * ({@code noaux_tc}) the load-balancing bias is added to choose only: groups are ranked by the sum of
 * their two best biased scores, the best {@code topk_group} groups are kept, and the top-k biased scores
 * inside them win. The gate weights come from the unbiased affinities, normalised to sum to one when
 * {@code norm_topk_prob}, then multiplied by {@code routed_scaling_factor}.
 */
public final class Gate {
    private final int experts;
    private final float[] bias;
    private final ScoringFunction scoring;
    private final TopkMethod method;
    private final int groups;
    private final int perGroup;
    private final int keepGroups;
    private final int topK;
    private final boolean normalise;
    private final float scaling;

    /** @param bias {@code e_score_correction_bias}, (E); null when the checkpoint has none */
    public Gate(ModelConfig c, float[] bias) {
        this.experts = c.nRoutedExperts();
        this.bias = bias == null ? null : bias.clone();
        this.scoring = c.scoringFunction();
        this.method = c.topkMethod();
        this.groups = c.nGroup();
        this.perGroup = c.expertsPerGroup();
        this.keepGroups = c.topkGroup();
        this.topK = c.numExpertsPerTok();
        this.normalise = c.normTopkProb();
        this.scaling = (float) c.routedScalingFactor();
    }

    /**
     * Routes T tokens from their router logits x · W: row i's E logits start at {@code values[i * stride]}.
     * The scores leave the tensor library anyway to be ranked, so they are squashed here in Java.
     */
    public Routing route(float[] values, int t, int stride) {
        float[][] affinities = new float[t][];
        for (int i = 0; i < t; i++) {
            float[] row = Arrays.copyOfRange(values, i * stride, i * stride + experts);
            affinities[i] = scoring == ScoringFunction.SIGMOID ? sigmoid(row) : Sampling.softmax(row, 1.0);
        }
        return choose(affinities);
    }

    private static float[] sigmoid(float[] logits) {
        float[] s = new float[logits.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (1.0 / (1.0 + Math.exp(-logits[i])));
        }
        return s;
    }

    /** The routing decision for given affinities, (T, E). */
    public Routing choose(float[][] affinities) {
        int t = affinities.length;
        float[][] choice = new float[t][];
        float[][] groupScores = new float[t][];
        int[][] kept = new int[t][];
        int[][] experts = new int[t][];
        float[][] weights = new float[t][];
        for (int i = 0; i < t; i++) {
            float[] s = affinities[i];
            choice[i] = choiceScores(s);
            groupScores[i] = groupScores(s, choice[i]);
            kept[i] = method == TopkMethod.GREEDY ? allGroups() : topIndices(groupScores[i], keepGroups, null);
            boolean[] allowed = new boolean[s.length];
            for (int g : kept[i]) {
                Arrays.fill(allowed, g * perGroup, (g + 1) * perGroup, true);
            }
            experts[i] = topIndices(choice[i], topK, allowed);
            weights[i] = gateWeights(s, experts[i]);
        }
        return new Routing(affinities, choice, groupScores, kept, experts, weights);
    }

    private float[] choiceScores(float[] s) {
        float[] c = s.clone();
        if (method == TopkMethod.NOAUX_TC && bias != null) {
            for (int e = 0; e < c.length; e++) {
                c[e] = s[e] + bias[e];
            }
        }
        return c;
    }

    private float[] groupScores(float[] s, float[] choice) {
        float[] g = new float[groups];
        for (int gi = 0; gi < groups; gi++) {
            float best = Float.NEGATIVE_INFINITY;
            float second = Float.NEGATIVE_INFINITY;
            for (int e = gi * perGroup; e < (gi + 1) * perGroup; e++) {
                float v = method == TopkMethod.NOAUX_TC ? choice[e] : s[e];
                if (v > best) {
                    second = best;
                    best = v;
                } else if (v > second) {
                    second = v;
                }
            }
            g[gi] = method == TopkMethod.NOAUX_TC ? best + second : best;
        }
        return g;
    }

    private int[] allGroups() {
        int[] all = new int[groups];
        Arrays.setAll(all, i -> i);
        return all;
    }

    private float[] gateWeights(float[] s, int[] chosen) {
        float[] w = new float[chosen.length];
        float sum = 0;
        for (int k = 0; k < chosen.length; k++) {
            w[k] = s[chosen[k]];
            sum += w[k];
        }
        for (int k = 0; k < w.length; k++) {
            if (normalise) {
                w[k] /= sum + 1e-20f;
            }
            w[k] *= scaling;
        }
        return w;
    }

    /** Indices of the {@code k} largest values among the allowed ones (all when null), largest first. */
    static int[] topIndices(float[] values, int k, boolean[] allowed) {
        int[] best = new int[k];
        Arrays.fill(best, -1);
        for (int i = 0; i < values.length; i++) {
            if (allowed != null && !allowed[i]) {
                continue;
            }
            int pos = k;
            while (pos > 0 && (best[pos - 1] < 0 || values[i] > values[best[pos - 1]])) {
                pos--;
            }
            if (pos < k) {
                System.arraycopy(best, pos, best, pos + 1, k - pos - 1);
                best[pos] = i;
            }
        }
        return best;
    }

    /** The load-balancing bias, (E); zeros when the checkpoint has none. */
    public float[] bias() {
        return bias == null ? new float[experts] : bias.clone();
    }
}
