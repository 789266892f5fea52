package dev.dsv3viz.model.training;

import dev.dsv3viz.model.ConfigBuilder;
import dev.dsv3viz.model.Fixtures;
import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.io.CheckpointLoader;
import dev.dsv3viz.model.io.CheckpointWriter;
import dev.dsv3viz.model.io.RandomTensors;
import dev.dsv3viz.model.nn.ModelWeights;
import dev.dsv3viz.model.io.SafeTensorsFile;
import dev.dsv3viz.model.nn.Scratch;
import dev.dsv3viz.model.nn.Tensors;
import dev.dsv3viz.model.nn.Transformer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written trainer: the same loss and gradients as the SameDiff graph, and as finite differences. */
class TrainableModelTest {
    private static final int T = 21;
    private static final double LAMBDA = 0.3;
    private static final double ALPHA = 1e-2;
    private static CheckpointLoader.Checkpoint ckpt;
    private static int[][] windows;

    @BeforeAll
    static void load() {
        ckpt = CheckpointLoader.load(Fixtures.checkpoint("dsv3-tiny-a"));
        int[] ids = SafeTensorsFile.open(Fixtures.expected("dsv3-tiny-a")).readInts("input_ids"); // 24 tokens
        int[] shifted = new int[T + 3];
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = ids[(i + 5) % ids.length];
        }
        windows = new int[][]{Arrays.copyOf(ids, T + 3), shifted};
    }

    private static TrainableModel model() {
        return new TrainableModel(ckpt.config(), ckpt.weights(), windows.length, T, LAMBDA, ALPHA);
    }

    /** Forward and backward in a step's workspace; returns the losses. */
    private static TrainableModel.Losses forwardBackward(TrainableModel m, int[][] batch) {
        try (MemoryWorkspace ignored = Scratch.open("test-step")) {
            TrainableModel.Losses l = m.forward(batch);
            m.backward();
            return l;
        }
    }

    @Test
    void lossAndGradientsEqualTheSameDiffGraphs() {
        TrainableModel ours = model();
        TrainableModel.Losses losses = forwardBackward(ours, windows);

        TrainingGraph graph = new TrainingGraph(ckpt.config(), ckpt.weights(), windows.length, T, LAMBDA, ALPHA);
        Transformer engine = new Transformer(ckpt.config(), ckpt.weights());
        Map<String, INDArray> placeholders = TrainingBatch.route(engine, windows, T).placeholders(graph);
        List<String> names = graph.sameDiff().variables().stream().filter(v -> v.getVariableType().name().equals("VARIABLE"))
                .map(v -> v.name()).toList();
        Map<String, INDArray> reference = graph.sameDiff().calculateGradients(placeholders, names);
        Map<String, INDArray> referenceLosses = graph.sameDiff().output(placeholders, "loss", "balance", "ce.0", "ce.1", "ce.2");

        assertEquals(referenceLosses.get("loss").getDouble(0), losses.total(), 1e-5 * losses.total());
        assertEquals(referenceLosses.get("balance").getDouble(0), losses.balance(), 1e-6);
        for (int d = 0; d <= 2; d++) {
            assertEquals(referenceLosses.get("ce." + d).getDouble(0), losses.crossEntropy()[d], 1e-5, "ce." + d);
        }
        Map<String, Param> byName = new LinkedHashMap<>();
        ours.params().forEach(p -> byName.put(p.name, p));
        // The graph's separate gate and up stacks are one [gate | up] stack here.
        assertEquals(names.size() - ckpt.config().numHiddenLayers() - ckpt.config().numNextnPredictLayers()
                + ckpt.config().firstKDenseReplace(), byName.size(), "every trained tensor of the graph is trained here too");
        for (String name : names) {
            Param p = byName.get(checkpointName(name));
            float[] expected = Tensors.floats(reference.get(name));
            float[] actual = Tensors.floats(inGraphLayout(name, p.grad));
            float scale = 0;
            float error = 0;
            for (int i = 0; i < expected.length; i++) {
                scale = Math.max(scale, Math.abs(expected[i]));
                error = Math.max(error, Math.abs(expected[i] - actual[i]));
            }
            assertTrue(error <= 1e-3f * scale + 1e-7f, name + ": gradients differ by " + error + " (largest " + scale + ")");
        }
    }

    /** The graph's variable names ({@code L1.mlp.experts.gate}) as the checkpoint names them. */
    private static String checkpointName(String graphName) {
        switch (graphName) {
            case "embed":
                return "model.embed_tokens.weight";
            case "lm_head":
                return "lm_head.weight";
            case "norm":
                return "model.norm.weight";
            default:
                break;
        }
        int dot = graphName.indexOf('.');
        String layer = graphName.substring(1, dot);
        String rest = graphName.substring(dot + 1);
        if (rest.startsWith("q_") || rest.startsWith("kv_") || rest.equals("o_proj")) {
            rest = "self_attn." + rest;
        }
        if (rest.startsWith("mlp.experts.")) {
            rest = rest.endsWith(".down") ? "mlp.experts.down_proj" : "mlp.experts.gate_up_proj";
        }
        return "model.layers." + layer + "." + rest + ".weight";
    }

    /**
     * Stacked experts side by side as the graph holds them: down (E, width, hidden) as (E*width, hidden); the
     * gate or up half of [gate | up] (E, hidden, 2*width) as (hidden, E*width).
     */
    private static INDArray inGraphLayout(String graphName, INDArray grad) {
        if (!graphName.contains("mlp.experts.")) {
            return grad;
        }
        if (graphName.endsWith(".down")) {
            return grad.reshape(grad.size(0) * grad.size(1), grad.size(2));
        }
        long width = grad.size(2) / 2;
        long from = graphName.endsWith(".gate") ? 0 : width;
        INDArray[] parts = new INDArray[(int) grad.size(0)];
        for (int e = 0; e < parts.length; e++) {
            parts[e] = grad.get(NDArrayIndex.point(e), NDArrayIndex.all(), NDArrayIndex.interval(from, from + width));
        }
        return Nd4j.concat(1, parts);
    }

    /**
     * Central differences of the loss agree with the gradient of every parameter, at its largest entry. The
     * loss is not differentiable where a nudge changes which experts are chosen, so a step that does is
     * halved until none does.
     */
    @Test
    void gradientsMatchFiniteDifferences() {
        checkAgainstFiniteDifferences(model(), windows);
    }

    /**
     * The router the config describes is the one trained: softmax scores without normalising the chosen
     * weights, V2's group-limited greedy choice, scaling 16, two shared experts, no q LoRA, YaRN and no MTP.
     */
    @Test
    void gradientsMatchFiniteDifferencesForAV2StyleRouter() {
        ModelConfig c = ConfigBuilder.tinyV3().scoringFunc("softmax").topkMethod("group_limited_greedy").normTopkProb(false)
                .routedScalingFactor(16).qLoraRank(null).numNextnPredictLayers(0).nGroup(4).topkGroup(2).numExpertsPerTok(6)
                .yarn(4, 64, 0.707, 0.707).set("n_shared_experts", "2").build();
        int[][] ids = new int[2][T + 1];
        Random random = new Random(3);
        for (int[] row : ids) {
            Arrays.setAll(row, i -> random.nextInt(c.vocabSize()));
        }
        ModelWeights w = CheckpointLoader.weights(c, new RandomTensors(c, 5, 0.1));
        checkAgainstFiniteDifferences(new TrainableModel(c, w, ids.length, T, LAMBDA, ALPHA), ids);
    }

    /**
     * Central differences of the loss agree with the gradient of every parameter, at its largest entry. The
     * loss is not differentiable where a nudge changes which experts are chosen, so a step that does is
     * halved until none does.
     */
    private static void checkAgainstFiniteDifferences(TrainableModel m, int[][] batch) {
        forwardBackward(m, batch);
        String routing = routing(m);
        for (Param p : m.params()) {
            INDArray flatGrad = p.grad.reshape(p.grad.length());
            long at = Transforms.abs(flatGrad, true).argMax().getLong(0); // the largest: least drowned in rounding
            double analytic = flatGrad.getDouble(at);
            INDArray flat = p.value.reshape(p.value.length());
            double original = flat.getDouble(at);
            double numeric = Double.NaN;
            for (double eps = 1e-3; eps > 1e-5 && Double.isNaN(numeric); eps /= 2) {
                flat.putScalar(at, original + eps);
                double up = loss(m, batch);
                boolean same = routing.equals(routing(m));
                flat.putScalar(at, original - eps);
                double down = loss(m, batch);
                same &= routing.equals(routing(m));
                flat.putScalar(at, original);
                if (same) {
                    numeric = (up - down) / (2 * eps);
                }
            }
            assertTrue(Math.abs(numeric - analytic) <= 0.05 * Math.abs(analytic) + 2e-4,
                    p.name + "[" + at + "]: analytic " + analytic + ", numeric " + numeric);
        }
    }

    private static double loss(TrainableModel m, int[][] batch) {
        try (MemoryWorkspace ignored = Scratch.open("test-step")) {
            return m.forward(batch).total();
        }
    }

    private static String routing(TrainableModel m) {
        StringBuilder s = new StringBuilder();
        m.moeLayers().values().forEach(moe -> s.append(Arrays.deepToString(moe.chosen())));
        return s.toString();
    }

    @Test
    void stepsLowerTheLossOfEveryDepth() {
        Trainer trainer = new Trainer(model(), new LearningRate(3e-3, 0, 100, 0.1), 1e-3);
        TrainableModel.Losses before = trainer.losses(windows);
        for (int i = 0; i < 8; i++) {
            trainer.step(windows);
        }
        TrainableModel.Losses after = trainer.losses(windows);
        assertTrue(after.total() < before.total() * 0.8, before.named() + " -> " + after.named());
        for (int d = 0; d <= 2; d++) {
            assertTrue(after.crossEntropy()[d] < before.crossEntropy()[d], before.named() + " -> " + after.named());
        }
    }

    /** Stopping after a checkpoint and resuming gives bit for bit the weights of an uninterrupted run. */
    @Test
    void aResumedRunContinuesExactly(@TempDir Path dir) throws Exception {
        LearningRate schedule = new LearningRate(3e-3, 2, 10, 0.1);
        Trainer straight = new Trainer(model(), schedule, 1e-3);
        for (int i = 0; i < 4; i++) {
            straight.step(windows);
        }
        Trainer first = new Trainer(model(), schedule, 1e-3);
        first.step(windows);
        first.step(windows);
        Files.writeString(dir.resolve("config.json"), Files.readString(Fixtures.checkpoint("dsv3-tiny-a").resolve("config.json")));
        CheckpointWriter.write(ckpt.config(), first.model().weights(), dir.resolve("model.safetensors"));
        first.saveState(dir.resolve("optimizer.safetensors"));
        CheckpointLoader.Checkpoint saved = CheckpointLoader.load(dir);
        Trainer resumed = new Trainer(new TrainableModel(saved.config(), saved.weights(), windows.length, T, LAMBDA, ALPHA),
                schedule, 1e-3);
        resumed.loadState(dir.resolve("optimizer.safetensors"));
        assertEquals(2, resumed.steps());
        resumed.step(windows);
        resumed.step(windows);
        List<Param> a = straight.model().params();
        List<Param> b = resumed.model().params();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(Tensors.floats(a.get(i).value), Tensors.floats(b.get(i).value), a.get(i).name);
        }
        straight.model().moeLayers().forEach((layer, moe) ->
                assertArrayEquals(moe.bias(), resumed.model().moeLayers().get(layer).bias(), "bias of layer " + layer));
    }
}
