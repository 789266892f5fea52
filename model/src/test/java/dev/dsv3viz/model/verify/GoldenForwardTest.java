package dev.dsv3viz.model.verify;

import dev.dsv3viz.model.Fixtures;
import dev.dsv3viz.model.io.CheckpointLoader;
import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.nn.Transformer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forward pass reproduces the Hugging Face reference dumps in both MLA modes. */
class GoldenForwardTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"dsv3-tiny-a, NAIVE", "dsv3-tiny-a, ABSORBED", "dsv3-tiny-yarn, NAIVE", "dsv3-tiny-yarn, ABSORBED"})
    void matchesReferenceWithinTolerance(String fixture, MlaMode mode) {
        CheckpointLoader.Checkpoint ckpt = CheckpointLoader.load(Fixtures.checkpoint(fixture));
        Transformer model = new Transformer(ckpt.config(), ckpt.weights());
        List<Quantity> result = ReferenceCheck.run(model, Fixtures.expected(fixture), mode);
        String report = result.stream().map(q -> String.format("%-40s %.3g %s", q.name(), q.error(),
                q.passed() ? "ok" : "FAIL")).collect(Collectors.joining("\n"));
        assertTrue(result.size() >= 12, "every fixture quantity is compared:\n" + report);
        assertTrue(result.stream().allMatch(Quantity::passed), report);
        System.out.println(fixture + " " + mode + "\n" + report);
    }
}
