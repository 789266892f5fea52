package dev.dsv3viz.model.training;

import dev.dsv3viz.model.nn.Transformer;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One optimisation step at a time: route the batch with the engine at the current weights, take an Adam
 * step on the graph's loss, then apply DeepSeek-V3's auxiliary-loss-free balancing: each expert's bias is
 * lowered by γ if it got more than its share of this batch's tokens and raised by γ if it got less. The
 * bias only ever changes which experts are chosen, never the gate weights.
 */
public final class Trainer {
    private final TrainingGraph graph;
    private final double gamma;
    private final Map<Integer, float[]> biases;
    private final List<String> features;
    private final List<String> labels = new ArrayList<>();


    public Trainer(TrainingGraph graph, double learningRate, double gamma) {
        this.graph = graph;
        this.gamma = gamma;
        this.biases = graph.initialBiases();
        this.features = TrainingBatch.featureNames(graph);
        for (int d = 0; d <= graph.mtpDepth(); d++) {
            labels.add("target." + d);
        }
        graph.sameDiff().setTrainingConfig(TrainingConfig.builder().updater(new Adam(learningRate))
                .dataSetFeatureMapping(features).dataSetLabelMapping(labels).build());
    }

    /** The engine at the current weights and biases (sharing the graph's arrays). */
    public Transformer engine() {
        return new Transformer(graph.config(), graph.weights(biases));
    }

    /**
     * One step on B windows of T + D + 1 tokens; returns how many tokens each expert of each MoE layer
     * received, which the bias update just used.
     */
    public Map<Integer, int[]> step(int[][] windows) {
        TrainingBatch batch = TrainingBatch.route(engine(), windows, graph.length());
        Map<String, INDArray> p = batch.placeholders(graph);
        INDArray[] f = features.stream().map(p::get).toArray(INDArray[]::new);
        INDArray[] l = labels.stream().map(p::get).toArray(INDArray[]::new);
        graph.sameDiff().fit(new MultiDataSet(f, l));
        Map<Integer, int[]> loads = batch.loads(graph.config().nRoutedExperts());
        balance(loads);
        return loads;
    }

    /**
     * The losses at the current weights on B windows, without training: {@code loss} (the total),
     * {@code ce.0} (main), {@code ce.k} (MTP depth k) and {@code balance}.
     */
    public Map<String, Double> losses(int[][] windows) {
        TrainingBatch batch = TrainingBatch.route(engine(), windows, graph.length());
        List<String> names = new ArrayList<>(List.of("loss", "balance"));
        for (int d = 0; d <= graph.mtpDepth(); d++) {
            names.add("ce." + d);
        }
        Map<String, INDArray> out = graph.sameDiff().output(batch.placeholders(graph), names.toArray(String[]::new));
        Map<String, Double> values = new java.util.LinkedHashMap<>();
        names.forEach(n -> values.put(n, out.get(n).getDouble(0)));
        return values;
    }

    private void balance(Map<Integer, int[]> loads) {
        loads.forEach((layer, load) -> {
            long total = 0;
            for (int n : load) {
                total += n;
            }
            double mean = (double) total / load.length;
            float[] bias = biases.get(layer);
            for (int e = 0; e < load.length; e++) {
                bias[e] += (float) (load[e] > mean ? -gamma : load[e] < mean ? gamma : 0);
            }
        });
    }

    /** The current biases per MoE layer (copies). */
    public Map<Integer, float[]> biases() {
        Map<Integer, float[]> copy = new java.util.LinkedHashMap<>();
        biases.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }
}
