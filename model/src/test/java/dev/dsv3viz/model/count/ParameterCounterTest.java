package dev.dsv3viz.model.count;

import dev.dsv3viz.model.ConfigBuilder;
import dev.dsv3viz.model.Fixtures;
import dev.dsv3viz.model.config.ConfigReader;
import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.io.SafeTensorsFile;
import dev.dsv3viz.model.io.TensorInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.dsv3viz.model.io.CheckpointLoader;
import dev.dsv3viz.model.io.SafeTensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ParameterCounterTest {

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.TINY_A, Fixtures.TINY_YARN, Fixtures.TINY_V2})
    void countsEveryElementOfTheCheckpointExceptTheMtpCopies(String fixture) {
        assertCountsMatch(Fixtures.checkpoint(fixture));
    }

    /** The shipped sample model, once it is there (sample-weights/tiny-v3, issue 4); skipped before. */
    @Test
    void countsEveryElementOfTheShippedSampleModel() {
        Path sample = Path.of(System.getProperty("dsv3viz.samples", "../sample-weights")).resolve("tiny-v3");
        assumeTrue(Files.isRegularFile(sample.resolve("model.safetensors")), "the sample model is not trained yet");
        assertCountsMatch(sample);
    }

    /** A checkpoint of the sample model's shapes, written with every tensor the loader expects. */
    @Test
    void countsEveryElementOfACheckpointWithTheSampleShapes(@TempDir Path dir) throws IOException {
        ModelConfig c = ConfigReader.read(ConfigBuilder.tinyV3().vocabSize(2048).hiddenSize(128).intermediateSize(384)
                .moeIntermediateSize(32).numHiddenLayers(4).qLoraRank(64).qkNopeHeadDim(32).qkRopeHeadDim(16).vHeadDim(32)
                .nRoutedExperts(64).writeTo(dir));
        SafeTensorsWriter w = new SafeTensorsWriter();
        CheckpointLoader.expectedTensors(c).forEach((name, shape) -> w.put(name, new float[(int) count(shape)], shape));
        for (String name : CheckpointLoader.optionalTensors(c)) {
            w.put(name, new float[c.vocabSize() * c.hiddenSize()], c.vocabSize(), c.hiddenSize());
        }
        w.write(dir.resolve("model.safetensors"));
        assertEquals(3_299_008L, ParameterCounter.count(c).total());
        assertCountsMatch(dir);
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    private static void assertCountsMatch(Path checkpoint) {
        ModelConfig c = ConfigReader.read(checkpoint.resolve("config.json"));
        SafeTensorsFile f = SafeTensorsFile.open(checkpoint.resolve("model.safetensors"));
        long elements = 0;
        long copies = 0;
        for (TensorInfo t : f.tensors().values()) {
            boolean copy = t.name().endsWith(".embed_tokens.weight") && !t.name().startsWith("model.embed_tokens")
                    || t.name().endsWith("shared_head.head.weight");
            if (copy) {
                copies += t.elementCount();
            } else {
                elements += t.elementCount();
            }
        }
        ParameterCount count = ParameterCounter.count(c);
        assertEquals(elements, count.total() + count.mtpUnique());
        assertEquals(copies, count.mtpSharedPerModule() * c.numNextnPredictLayers());
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.TINY_A})
    void oneTokenTouchesExactlyTheActivatedParameters(String fixture) {
        ModelConfig c = ConfigReader.read(Fixtures.checkpoint(fixture).resolve("config.json"));
        ParameterCount count = ParameterCounter.count(c);
        assertEquals(count.activated(), ParameterCounter.touched(c, new int[]{8, 8}));
        long expert = 3L * 64 * 24;
        // A prompt whose tokens used 20 and 32 distinct experts touched that many experts in full.
        assertEquals(count.activated() + expert * (12 + 24), ParameterCounter.touched(c, new int[]{20, 32}));
        assertEquals(count.total(), ParameterCounter.touched(c, new int[]{32, 32}));
        assertThrows(IllegalArgumentException.class, () -> ParameterCounter.touched(c, new int[]{8}));
    }
}
