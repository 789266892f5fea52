package dev.dsv3viz.model.training;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.nn.Tensors;
import dev.dsv3viz.model.nn.Transformer;
import dev.dsv3viz.model.trace.ForwardTrace;
import dev.dsv3viz.model.trace.RouterStep;
import dev.dsv3viz.model.nn.MlaMode;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One training batch: B token windows of T + D + 1 tokens (inputs, MTP look-ahead, targets), the routing
 * the current weights choose for them, and the graph's placeholder arrays built from both.
 *
 * @param windows the token windows, (B, T + D + 1)
 * @param chosen  per MoE layer, the experts chosen for each of the B*T positions
 */
public record TrainingBatch(int[][] windows, Map<Integer, int[][]> chosen) {

    /**
     * Routes the windows with the engine at the current weights: the main model over the first T + D
     * tokens, then the MTP chain, all teacher-forced for the first T positions (causal attention keeps
     * them blind to what follows).
     */
    public static TrainingBatch route(Transformer engine, int[][] windows, int length) {
        Map<Integer, int[][]> chosen = new HashMap<>();
        int b = windows.length;
        int depth = engine.mtpDepth();
        for (int s = 0; s < b; s++) {
            int[] seen = java.util.Arrays.copyOf(windows[s], length + depth);
            ForwardTrace trace = engine.trace(seen, MlaMode.ABSORBED);
            for (RouterStep r : trace.all(RouterStep.class)) {
                int[][] rows = chosen.computeIfAbsent(r.layer(), l -> new int[b * length][]);
                int[][] experts = r.experts();
                for (int i = 0; i < length; i++) {
                    rows[s * length + i] = experts[i];
                }
            }
        }
        return new TrainingBatch(windows, chosen);
    }

    /** The placeholder arrays of {@link TrainingGraph}, by name. */
    public Map<String, INDArray> placeholders(TrainingGraph g) {
        ModelConfig c = g.config();
        int b = windows.length;
        int t = g.length();
        int v = c.vocabSize();
        Map<String, INDArray> p = new LinkedHashMap<>();
        p.put("tokens", oneHot(0, b, t, v));
        for (int d = 1; d <= g.mtpDepth(); d++) {
            p.put("ahead." + d, oneHot(d, b, t, v));
        }
        for (int d = 0; d <= g.mtpDepth(); d++) {
            p.put("target." + d, oneHot(d + 1, b, t, v));
        }
        int e = c.nRoutedExperts();
        int k = c.numExpertsPerTok();
        for (int layer : g.moeLayers()) {
            int[][] rows = chosen.get(layer);
            float[] mask = new float[b * t * e];
            float[] load = new float[b * e];
            for (int i = 0; i < b * t; i++) {
                for (int expert : rows[i]) {
                    mask[i * e + expert] = 1f;
                    load[(i / t) * e + expert] += (float) e / (k * t); // f_i of the sequence-wise balance loss
                }
            }
            p.put("mask." + layer, Tensors.array(mask, b * t, e));
            p.put("load." + layer, Tensors.array(load, b, e));
        }
        return p;
    }

    /** One-hot rows of the tokens {@code offset} places into each window, for T positions. */
    private INDArray oneHot(int offset, int b, int t, int v) {
        float[] m = new float[b * t * v];
        for (int s = 0; s < b; s++) {
            for (int i = 0; i < t; i++) {
                m[(s * t + i) * v + windows[s][i + offset]] = 1f;
            }
        }
        return Tensors.array(m, b * t, v);
    }
}
