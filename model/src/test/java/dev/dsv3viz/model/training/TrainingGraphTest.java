package dev.dsv3viz.model.training;

import dev.dsv3viz.model.Fixtures;
import dev.dsv3viz.model.io.CheckpointLoader;
import dev.dsv3viz.model.io.SafeTensorsFile;
import dev.dsv3viz.model.nn.Tensors;
import dev.dsv3viz.model.nn.Transformer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training graph computes the reference model: its logits match the Hugging Face dump. */
class TrainingGraphTest {
    private static final int T = 21;
    private static CheckpointLoader.Checkpoint ckpt;
    private static SafeTensorsFile expected;
    private static int[] ids;

    @BeforeAll
    static void load() {
        ckpt = CheckpointLoader.load(Fixtures.checkpoint(Fixtures.TINY_A));
        expected = SafeTensorsFile.open(Fixtures.expected(Fixtures.TINY_A));
        ids = expected.readInts("input_ids"); // 24 tokens: T inputs + 2 look-ahead + 1 target
    }

    private static float maxDiff(float[] ours, float[] ref, int n) {
        float m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(ours[i] - ref[i]));
        }
        return m;
    }

    @Test
    void logitsOfEveryDepthMatchTheReference() {
        Transformer engine = new Transformer(ckpt.config(), ckpt.weights());
        TrainingGraph g = new TrainingGraph(ckpt.config(), ckpt.weights(), 1, T, 0.3, 1e-4);
        TrainingBatch batch = TrainingBatch.route(engine, new int[][]{Arrays.copyOf(ids, T + 3)}, T);
        Map<String, INDArray> out = g.sameDiff().output(batch.placeholders(g), "logits.0", "logits.1", "logits.2");
        int v = ckpt.config().vocabSize();
        String[] refs = {"expected.logits", "expected.mtp.0.logits", "expected.mtp.1.logits"};
        for (int d = 0; d <= 2; d++) {
            float err = maxDiff(Tensors.floats(out.get("logits." + d)), expected.readFloats(refs[d]), T * v);
            assertTrue(err < 1e-4, "depth " + d + " differs by " + err);
        }
    }

    /** SameDiff's gradients agree with central finite differences of the loss, for the largest few. */
    @Test
    void gradientsMatchFiniteDifferences() {
        Transformer engine = new Transformer(ckpt.config(), ckpt.weights());
        TrainingGraph g = new TrainingGraph(ckpt.config(), ckpt.weights(), 1, T, 0.3, 1e-2);
        Map<String, INDArray> p = TrainingBatch.route(engine, new int[][]{Arrays.copyOf(ids, T + 3)}, T).placeholders(g);
        String[] vars = {"L0.kv_b_proj", "L1.mlp.experts.down", "L3.eh_proj", "L0.input_layernorm", "L1.mlp.gate"};
        Map<String, INDArray> grads = g.sameDiff().calculateGradients(p, vars);
        double eps = 2e-3;
        for (String v : vars) {
            INDArray w = g.sameDiff().getVariable(v).getArr();
            INDArray grad = grads.get(v);
            long at = Transforms.abs(grad, true).reshape(grad.length()).argMax().getLong(0); // the largest: least drowned in rounding
            double analytic = grad.reshape(grad.length()).getDouble(at);
            double original = w.reshape(w.length()).getDouble(at);
            w.reshape(w.length()).putScalar(at, original + eps);
            double up = g.sameDiff().output(p, "loss").get("loss").getDouble(0);
            w.reshape(w.length()).putScalar(at, original - eps);
            double down = g.sameDiff().output(p, "loss").get("loss").getDouble(0);
            w.reshape(w.length()).putScalar(at, original);
            double numeric = (up - down) / (2 * eps);
            assertTrue(Math.abs(numeric - analytic) <= 0.05 * Math.abs(analytic) + 1e-4,
                    v + "[" + at + "]: analytic " + analytic + ", numeric " + numeric);
        }
    }

    @Test
    void trainingStepsLowerTheLossOfEveryDepth() {
        TrainingGraph g = new TrainingGraph(ckpt.config(), ckpt.weights(), 1, T, 0.3, 1e-4);
        Trainer trainer = new Trainer(g, 3e-3, 1e-3);
        int[][] windows = {Arrays.copyOf(ids, T + 3)};
        Map<String, Double> before = trainer.losses(windows);
        for (int i = 0; i < 8; i++) {
            trainer.step(windows);
        }
        Map<String, Double> after = trainer.losses(windows);
        assertTrue(after.get("loss") < before.get("loss") * 0.8, before + " -> " + after);
        assertTrue(after.get("ce.0") < before.get("ce.0") && after.get("ce.1") < before.get("ce.1"), before + " -> " + after);
    }
}
