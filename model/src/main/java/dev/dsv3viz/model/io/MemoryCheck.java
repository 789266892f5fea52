package dev.dsv3viz.model.io;

import dev.dsv3viz.model.ModelException;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Refuses a checkpoint that cannot fit before reading any of it: all weights are held as float32 in
 * native memory, and each tensor passes through the Java heap once while it is read.
 */
public final class MemoryCheck {
    /** Overrides the memory budget in bytes (tests, or a machine shared with other work). */
    static final String BUDGET_PROPERTY = "dsv3viz.memory.budget";
    /** Leave room for the operating system, the JVM and the app itself. */
    private static final double USABLE_SHARE = 0.8;

    private MemoryCheck() {
    }

    /** The bytes of physical memory the weights may take: 80% of the machine's, or the override. */
    static long budget() {
        Long override = Long.getLong(BUDGET_PROPERTY);
        if (override != null) {
            return override;
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return (long) (os.getTotalMemorySize() * USABLE_SHARE);
    }

    /**
     * @param weightBytes  all weights as float32
     * @param largestBytes the largest single tensor as float32
     */
    static void require(Path dir, long weightBytes, long largestBytes, long budget, long heap) {
        if (weightBytes > budget) {
            throw new ModelException(String.format(Locale.ROOT,
                    "%s needs about %s of memory for its weights (as float32), but only %s can be used on this machine. "
                            + "Open a smaller checkpoint.", dir, gib(weightBytes), gib(budget)));
        }
        if (largestBytes > heap / 2) {
            throw new ModelException(String.format(Locale.ROOT,
                    "%s has a tensor of %s, more than the Java heap (%s) can read at once. Start Java with a larger "
                            + "-Xmx, at least %s.", dir, gib(largestBytes), gib(heap), gib(largestBytes * 2)));
        }
    }

    private static String gib(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
