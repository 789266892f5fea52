package dev.dsv3viz.model.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dsv3viz.model.ModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingLogTest {
    private static final Path SAMPLE = Path.of(System.getProperty("dsv3viz.samples", "../sample-weights"), "tiny-v3");

    @Test
    void readsTheShippedLogs() {
        TrainingLog log = TrainingLog.read(SAMPLE.resolve("training-log.json"));
        assertEquals(0.01, log.gamma());
        assertEquals(List.of(1, 2, 3, 4, 5), log.layers());
        assertEquals(List.of("loss", "ce.0", "ce.1", "ce.2", "balance"), log.lossNames());
        TrainingLog.Entry second = log.entries().get(1);
        assertEquals(20, second.step());
        assertEquals(5.562682151794434, second.losses().get("ce.0"), 1e-12);
        assertArrayEquals(new int[]{0, 114, 987, 48, 15, 788, 170, 2},
                java.util.Arrays.copyOf(second.layers().get(1).load(), 8));
        assertEquals(0.0, TrainingLog.read(SAMPLE.resolve("training-log-no-balance.json")).gamma());
    }

    @Test
    void withoutTheBiasUpdateTheLoadSpreadIsClearlyWorse() {
        TrainingLog balanced = TrainingLog.read(SAMPLE.resolve("training-log.json"));
        TrainingLog off = TrainingLog.read(SAMPLE.resolve("training-log-no-balance.json"));
        TrainingLog.Entry b = balanced.entries().get(balanced.entries().size() - 1);
        TrainingLog.Entry o = off.entries().get(off.entries().size() - 1);
        for (int layer : balanced.layers()) {
            LoadSpread with = b.layers().get(layer).spread();
            LoadSpread without = o.layers().get(layer).spread();
            assertTrue(without.maxOverMean() > 2 * with.maxOverMean(), "layer " + layer + ": " + with + " vs " + without);
            assertTrue(without.coefficientOfVariation() > with.coefficientOfVariation(), "layer " + layer);
        }
    }

    @Test
    void spreadIsExactArithmetic() {
        LoadSpread s = LoadSpread.of(new int[]{0, 2, 4, 2});
        assertEquals(2.0, s.maxOverMean(), 1e-12);
        assertEquals(0.0, s.minOverMean(), 1e-12);
        assertEquals(Math.sqrt(2) / 2, s.coefficientOfVariation(), 1e-12);
        assertTrue(Double.isNaN(LoadSpread.of(new int[]{0, 0}).maxOverMean()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[]",
            "{\"steps\": 3}",
            "{\"steps\": [{\"loss\": 1}]}",
            "{\"steps\": [{\"step\": 1, \"layers\": {\"x\": {\"load\": [1], \"bias\": [0]}}}]}",
            "{\"steps\": [{\"step\": 1, \"layers\": {\"1\": {\"load\": [1, 2], \"bias\": [0]}}}]}",
            "{\"steps\": [{\"step\": 1, \"layers\": {\"1\": {\"load\": [-1], \"bias\": [0]}}}]}",
            "{\"steps\": [{\"step\": 1, \"layers\": {\"1\": {\"load\": [1], \"bias\": [0]}}},"
                    + " {\"step\": 2, \"layers\": {\"1\": {\"load\": [1, 1], \"bias\": [0, 0]}}}]}"})
    void aBrokenLogIsRefusedInPlainWords(String json) throws Exception {
        var root = new ObjectMapper().readTree(json);
        ModelException e = assertThrows(ModelException.class, () -> TrainingLog.parse(root, "log.json"));
        assertTrue(e.getMessage().startsWith("log.json"), e.getMessage());
    }
}
