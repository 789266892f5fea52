package dev.dsv3viz.model.training;

import dev.dsv3viz.model.Fixtures;
import dev.dsv3viz.model.io.CheckpointLoader;
import dev.dsv3viz.model.io.SafeTensorsFile;
import dev.dsv3viz.model.nn.Tensors;
import dev.dsv3viz.model.nn.Transformer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SameDiff graph of the first trainer, kept as an independent oracle for {@link TrainableModel}: its
 * logits match the Hugging Face dump at every depth.
 */
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
}
