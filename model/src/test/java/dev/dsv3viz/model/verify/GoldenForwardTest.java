package dev.dsv3viz.model.verify;

import dev.dsv3viz.model.Fixtures;
import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.io.CheckpointLoader;
import dev.dsv3viz.model.io.DType;
import dev.dsv3viz.model.io.FixtureConverter;
import dev.dsv3viz.model.io.SafeTensorsFile;
import dev.dsv3viz.model.io.SafeTensorsWriter;
import dev.dsv3viz.model.io.TensorInfo;
import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.nn.Transformer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forward pass reproduces every reference fixture in both MLA modes: the Hugging Face dumps, their
 * copies without MTP modules (made here by the converter), the bf16 and FP8-sharded variants and the
 * V2-style model (DeepSeek's inference code). Every quantity the reference holds is compared.
 */
class GoldenForwardTest {
    private static final String NO_MTP = "-no-mtp";

    @TempDir
    static Path derived;

    @BeforeAll
    static void deriveCopiesWithoutMtp() throws IOException {
        for (String name : List.of(Fixtures.TINY_A, Fixtures.TINY_YARN)) {
            FixtureConverter.withoutMtp(Fixtures.dir(name), derived.resolve(name + NO_MTP));
        }
    }

    private static Path dir(String fixture) {
        return fixture.endsWith(NO_MTP) ? derived.resolve(fixture) : Fixtures.dir(fixture);
    }

    static Stream<Arguments> fixtures() {
        return Stream.of(Fixtures.TINY_A, Fixtures.TINY_YARN, Fixtures.TINY_A + NO_MTP, Fixtures.TINY_YARN + NO_MTP,
                        Fixtures.TINY_A_BF16, Fixtures.TINY_YARN_FP8, Fixtures.TINY_V2)
                .flatMap(f -> Stream.of(Arguments.of(f, MlaMode.NAIVE), Arguments.of(f, MlaMode.ABSORBED)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fixtures")
    void matchesReferenceWithinTolerance(String fixture, MlaMode mode) {
        CheckpointLoader.Checkpoint ckpt = CheckpointLoader.load(dir(fixture).resolve("checkpoint"));
        Transformer model = new Transformer(ckpt.config(), ckpt.weights());
        Path expected = dir(fixture).resolve("expected.safetensors");
        ReferenceCheck.Result result = ReferenceCheck.run(model, expected, mode);
        String report = result.quantities().stream().map(q -> String.format("%-40s %.3g (%s) %s", q.name(), q.error(),
                q.tolerance().rule(), q.passed() ? "ok" : "FAIL")).collect(Collectors.joining("\n"));
        // Every key but input_ids is one quantity, except a route's experts and weights, which are two.
        int keys = SafeTensorsFile.open(expected).tensors().size();
        assertEquals(keys - 1, result.quantities().size(), "every fixture quantity is compared:\n" + report);
        assertEquals(List.of(), result.notCompared(), "the reference holds everything the model computes");
        assertTrue(result.passed(), report);
        System.out.println(fixture + " " + mode + "\n" + report);
    }

    @Test
    void theCopiesWithoutMtpHaveNone() {
        for (String name : List.of(Fixtures.TINY_A, Fixtures.TINY_YARN)) {
            CheckpointLoader.Checkpoint c = CheckpointLoader.load(dir(name + NO_MTP).resolve("checkpoint"));
            assertEquals(0, c.config().numNextnPredictLayers());
            assertEquals(0, c.weights().mtp().size());
            assertFalse(SafeTensorsFile.open(dir(name + NO_MTP).resolve("expected.safetensors")).tensors().keySet()
                    .stream().anyMatch(k -> k.contains("mtp")));
        }
    }

    /** MTP outputs in the reference that the checkpoint cannot compute mean the files do not belong together. */
    @Test
    void aReferenceWithMtpOutputsIsRefusedForAModelWithoutMtp() {
        CheckpointLoader.Checkpoint c = CheckpointLoader.load(dir(Fixtures.TINY_A + NO_MTP).resolve("checkpoint"));
        ModelException e = assertThrows(ModelException.class, () -> ReferenceCheck.run(
                new Transformer(c.config(), c.weights()), Fixtures.expected(Fixtures.TINY_A), MlaMode.ABSORBED));
        assertTrue(e.getMessage().contains("MTP module 0, but the checkpoint has 0 MTP modules"), e.getMessage());
    }

    /** What a reference lacks is named rather than passed over in silence. */
    @Test
    void mtpOutputsTheReferenceLacksAreNamedAsNotCompared() {
        CheckpointLoader.Checkpoint c = CheckpointLoader.load(Fixtures.checkpoint(Fixtures.TINY_A));
        ReferenceCheck.Result r = ReferenceCheck.run(new Transformer(c.config(), c.weights()),
                dir(Fixtures.TINY_A + NO_MTP).resolve("expected.safetensors"), MlaMode.ABSORBED);
        assertTrue(r.passed());
        assertEquals(List.of("mtp.0.logits", "route.mtp0", "mtp.1.logits", "route.mtp1"), r.notCompared());
    }

    /** The weight tolerance grows with routed_scaling_factor (16 here) but passes no more than that. */
    @Test
    void aGateWeightOffByTwiceItsToleranceFailsOnThatLineAlone() throws IOException {
        SafeTensorsFile f = SafeTensorsFile.open(Fixtures.expected(Fixtures.TINY_V2));
        SafeTensorsWriter w = new SafeTensorsWriter();
        for (TensorInfo t : f.tensors().values()) {
            if (t.dtype() == DType.I32) {
                w.put(t.name(), f.readInts(t.name()), t.shape());
            } else {
                float[] v = f.readFloats(t.name());
                if (t.name().equals("expected.route.layer2.weights")) {
                    v[5] += (float) (2 * ReferenceCheck.WEIGHT_TOLERANCE_PER_SCALE * 16);
                }
                w.put(t.name(), v, t.shape());
            }
        }
        Path expected = derived.resolve("dsv2-tiny-one-weight-off.safetensors");
        w.write(expected);
        CheckpointLoader.Checkpoint c = CheckpointLoader.load(Fixtures.checkpoint(Fixtures.TINY_V2));
        ReferenceCheck.Result r = ReferenceCheck.run(new Transformer(c.config(), c.weights()), expected, MlaMode.ABSORBED);
        assertEquals(List.of("route.layer2.weights"), r.quantities().stream().filter(q -> !q.passed()).map(Quantity::name).toList());
        Quantity q = r.quantities().stream().filter(x -> x.name().equals("route.layer2.weights")).findFirst().orElseThrow();
        assertEquals(1.6e-4, q.tolerance().limit(), 1e-12);
        assertEquals("1e-5 x routed_scaling_factor 16", q.tolerance().rule());
    }
}
