package dev.dsv3viz.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * What the process holds once everything that can be collected has been: resident memory and its parts
 * as far as they can be told apart. Taken after collecting, waiting and trimming until resident memory
 * stops moving, so that two readings differ by what is held, not by when the collector last ran.
 *
 * @param residentBytes       resident set size (VmRSS); -1 where there is no /proc
 * @param heapCommittedBytes  the Java heap the JVM has committed
 * @param heapUsedBytes       the part of it live objects use
 * @param jvmNonHeapBytes     the JVM's class metadata and compiled code (committed)
 * @param scratchBytes        the forward pass's ND4J workspace, reserved on purpose for the largest pass
 * @param mallocInUseBytes    what glibc's malloc has handed out and not had back; -1 where unknown
 */
public record MemoryReading(long residentBytes, long heapCommittedBytes, long heapUsedBytes, long jvmNonHeapBytes,
                            long scratchBytes, long mallocInUseBytes) {
    /** Collect-wait-trim rounds before giving up on resident memory settling. */
    private static final int MAX_ROUNDS = 12;
    /** Two readings this close count as settled. */
    private static final long SETTLED_BYTES = 1L << 20;
    /**
     * ND4J frees an array's native memory on its own threads after the collector has found the array, and
     * G1 hands a shrunk heap back to the system in the background: time for both before reading.
     */
    private static final long WAIT_MILLIS = 250;

    /** Resident memory beyond the committed Java heap: native buffers, the allocator's arenas, the JVM's own. */
    public long offHeapBytes() {
        return residentBytes < 0 ? -1 : residentBytes - heapCommittedBytes;
    }

    /** Off-heap memory that is neither the scratch workspace nor the JVM's metadata and code. */
    public long otherNativeBytes() {
        return residentBytes < 0 ? -1 : offHeapBytes() - scratchBytes - jvmNonHeapBytes;
    }

    /**
     * Collects garbage, waits for ND4J's deallocators and the heap to shrink, trims malloc's arenas, and
     * repeats until resident memory moves by less than a megabyte between rounds.
     *
     * @param scratch the scratch workspace's size, read on the thread that owns it
     */
    public static MemoryReading settled(LongSupplier scratch) {
        long previous = -1;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            System.gc();
            pause();
            NativeAllocator.trim();
            long rss = residentNow();
            if (rss < 0 || previous >= 0 && Math.abs(rss - previous) < SETTLED_BYTES) {
                break;
            }
            previous = rss;
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        return new MemoryReading(residentNow(), memory.getHeapMemoryUsage().getCommitted(),
                memory.getHeapMemoryUsage().getUsed(), memory.getNonHeapMemoryUsage().getCommitted(),
                scratch.getAsLong(), NativeAllocator.inUseBytes());
    }

    private static void pause() {
        try {
            Thread.sleep(WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Resident set size from /proc (Linux); -1 where there is none. */
    public static long residentNow() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    ObjectNode toJson(ObjectMapper json) {
        ObjectNode m = json.createObjectNode();
        m.put("rss_bytes", residentBytes);
        m.put("offheap_bytes", offHeapBytes());
        m.put("heap_committed_bytes", heapCommittedBytes);
        m.put("heap_used_bytes", heapUsedBytes);
        m.put("scratch_workspace_bytes", scratchBytes);
        m.put("jvm_nonheap_bytes", jvmNonHeapBytes);
        m.put("other_native_bytes", otherNativeBytes());
        m.put("malloc_in_use_bytes", mallocInUseBytes);
        return m;
    }
}
