package dev.dsv3viz.model.nn;

import java.util.Random;

/** Choosing the next token from a row of logits: greedy, or sampled with temperature and top-k. */
public final class Sampling {
    private Sampling() {
    }

    /** softmax(logits / temperature), computed in double for stability. */
    public static float[] softmax(float[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] e = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp((logits[i] - max) / temperature);
            sum += e[i];
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }

    public static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Samples from the {@code topK} most likely tokens (all when {@code topK <= 0}) at {@code temperature};
     * a temperature of 0 is greedy.
     */
    public static int sample(float[] logits, double temperature, int topK, Random random) {
        if (temperature <= 0) {
            return argmax(logits);
        }
        int k = topK <= 0 ? logits.length : Math.min(topK, logits.length);
        int[] candidates = Gate.topIndices(logits, k, null);
        float[] sub = new float[k];
        for (int i = 0; i < k; i++) {
            sub[i] = logits[candidates[i]];
        }
        float[] p = softmax(sub, temperature);
        double u = random.nextDouble();
        double acc = 0;
        for (int i = 0; i < k; i++) {
            acc += p[i];
            if (u < acc) {
                return candidates[i];
            }
        }
        return candidates[k - 1];
    }
}
