package dev.dsv3viz.model.training;

import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.nn.Sampling;
import dev.dsv3viz.model.nn.Transformer;
import dev.dsv3viz.model.tokenizer.Tokenizer;
import dev.dsv3viz.model.trace.FloatTensor;
import dev.dsv3viz.model.trace.ForwardTrace;
import dev.dsv3viz.model.trace.RouterStep;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How well a model predicts a text, measured with the engine: the mean cross-entropy (nats per token) of
 * the main head and of each MTP depth, all teacher-forced; the main head's bits per byte of the text it
 * predicted (which, unlike nats per token, does not depend on the tokenizer); and how many tokens each
 * routed expert of each MoE layer received.
 *
 * @param crossEntropy per depth (0 = main head, k = MTP module k), mean over the predicted tokens
 * @param bitsPerByte  the main head's total cross-entropy in bits over the UTF-8 bytes of the tokens it predicted
 * @param loads        per MoE layer, tokens routed to each expert
 */
public record Evaluation(double[] crossEntropy, double bitsPerByte, Map<Integer, int[]> loads) {

    /**
     * Evaluates {@code tokens} in consecutive windows of at most {@code window} tokens; the first token of
     * each window is context only.
     */
    public static Evaluation of(Transformer model, Tokenizer tokenizer, int[] tokens, int window) {
        int depth = model.mtpDepth();
        double[] sum = new double[depth + 1];
        long[] count = new long[depth + 1];
        Map<Integer, int[]> loads = new LinkedHashMap<>();
        long bytes = 0;
        for (int from = 0; from + 2 <= tokens.length; from += window) {
            int[] w = Arrays.copyOfRange(tokens, from, Math.min(tokens.length, from + window));
            ForwardTrace trace = model.trace(w, MlaMode.ABSORBED);
            for (int i = 1; i < w.length; i++) {
                bytes += tokenizer.byteLength(w[i]);
            }
            for (int d = 0; d <= depth; d++) {
                FloatTensor logits = trace.head(d).orElseThrow().logits();
                // Depth d at position i predicts t_{i+d+1}; only positions whose inputs were all real count.
                for (int i = 0; i + d + 1 < w.length; i++) {
                    float[] row = logits.row(i);
                    sum[d] -= Math.log(Math.max(Sampling.softmax(row, 1.0)[w[i + d + 1]], 1e-30));
                    count[d]++;
                }
            }
            for (RouterStep r : trace.all(RouterStep.class)) {
                int[] load = loads.computeIfAbsent(r.layer(), l -> new int[r.bias().size()]);
                int rows = r.layer() >= model.config().numHiddenLayers()
                        ? w.length - (r.layer() - model.config().numHiddenLayers() + 1) : w.length;
                int[][] experts = r.experts();
                for (int i = 0; i < rows; i++) {
                    for (int e : experts[i]) {
                        load[e]++;
                    }
                }
            }
        }
        double[] ce = new double[depth + 1];
        for (int d = 0; d <= depth; d++) {
            ce[d] = count[d] == 0 ? Double.NaN : sum[d] / count[d];
        }
        return new Evaluation(ce, sum[0] / Math.log(2) / bytes, loads);
    }

    /** The busiest expert's load over the mean load, per MoE layer. */
    public Map<Integer, Double> maxOverMean() {
        Map<Integer, Double> m = new LinkedHashMap<>();
        loads.forEach((l, load) -> m.put(l, Arrays.stream(load).max().orElse(0) / mean(load)));
        return m;
    }

    /** The idlest expert's load over the mean load, per MoE layer. */
    public Map<Integer, Double> minOverMean() {
        Map<Integer, Double> m = new LinkedHashMap<>();
        loads.forEach((l, load) -> m.put(l, Arrays.stream(load).min().orElse(0) / mean(load)));
        return m;
    }

    private static double mean(int[] load) {
        return Arrays.stream(load).average().orElse(0);
    }
}
