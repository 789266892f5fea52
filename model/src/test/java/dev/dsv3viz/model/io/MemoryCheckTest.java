package dev.dsv3viz.model.io;

import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.config.ConfigReader;
import dev.dsv3viz.model.count.ParameterCounter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryCheckTest {
    private static final Path SAMPLE = Path.of(System.getProperty("dsv3viz.samples", "../sample-weights"), "tiny-v3");

    @Test
    void aCheckpointLargerThanTheBudgetIsRefusedUpFrontWithTheFigures() {
        System.setProperty(MemoryCheck.BUDGET_PROPERTY, Long.toString(8L << 20));
        try {
            ModelException e = assertThrows(ModelException.class, () -> CheckpointLoader.load(SAMPLE));
            var count = ParameterCounter.count(ConfigReader.read(SAMPLE.resolve("config.json")));
            String needed = String.format(java.util.Locale.ROOT, "needs about %.1f MiB",
                    (count.total() + count.mtpUnique()) * 4 / (double) (1 << 20));
            assertTrue(e.getMessage().contains(needed) && e.getMessage().contains("only 8.0 MiB"), e.getMessage());
        } finally {
            System.clearProperty(MemoryCheck.BUDGET_PROPERTY);
        }
        assertDoesNotThrow(() -> CheckpointLoader.load(SAMPLE));
    }

    @Test
    void aTensorLargerThanTheHeapCanReadIsRefusedWithTheHeapNeeded() {
        ModelException e = assertThrows(ModelException.class,
                () -> MemoryCheck.require(Path.of("big"), 6L << 30, 3L << 30, 64L << 30, 4L << 30));
        assertTrue(e.getMessage().contains("-Xmx, at least 6.0 GiB"), e.getMessage());
    }
}
