package dev.dsv3viz.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dsv3viz.model.generate.SamplingOptions;
import dev.dsv3viz.model.nn.MlaMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A long lesson in a minute: many traced passes through the app's own {@link ModelRunner} (prompts of
 * varied length, both MLA forms, generation with the KV cache), with resident memory and ND4J's
 * off-heap bytes measured after warm-up and at the end. ND4J frees native memory when the garbage
 * collector finds its arrays, so a leak shows here long before it shows in a heap graph.
 */
public final class Soak {
    private static final int MAX_PROMPT = 256;
    private static final int GENERATED = 8;

    private Soak() {
    }

    /**
     * Runs {@code passes} passes after a warm-up of a fifth as many (at least 20): long enough for the
     * scratch workspace to have grown to the longest prompt and the JIT to settle, so that what grows
     * afterwards is what a long lesson would accumulate.
     */
    public static ObjectNode run(Path checkpoint, int passes) {
        ObjectMapper json = new ObjectMapper();
        try (ModelRunner runner = new ModelRunner()) {
            ModelRunner.Loaded loaded = checkpoint != null ? runner.load(checkpoint, () -> false).join()
                    : runner.random(Presets.SAMPLE, null).join();
            int vocab = loaded.config().vocabSize();
            int longest = Math.min(MAX_PROMPT, loaded.config().maxPositionEmbeddings() - GENERATED);
            Random random = new Random(7);
            int warmUp = Math.max(20, passes / 5);
            ObjectNode out = json.createObjectNode();
            out.put("model", checkpoint != null ? checkpoint.toString() : "random weights, " + Presets.SAMPLE + " shapes");
            out.put("passes", passes);
            out.put("warm_up_passes", warmUp);
            out.put("longest_prompt", longest);
            long start = System.nanoTime();
            for (int i = 0; i < warmUp + passes; i++) {
                if (i == warmUp) {
                    out.set("after_warm_up", measure(json));
                }
                int length = 1 + random.nextInt(longest);
                int[] ids = random.ints(length, 0, vocab).toArray();
                runner.run(ids, i % 2 == 0 ? MlaMode.ABSORBED : MlaMode.NAIVE).join();
                if (i % 4 == 0) {
                    runner.generate(GENERATED, SamplingOptions.GREEDY, MlaMode.ABSORBED, () -> false, pass -> { }).join();
                }
            }
            ObjectNode end = measure(json);
            out.set("at_end", end);
            ObjectNode warm = (ObjectNode) out.get("after_warm_up");
            out.put("rss_growth", ratio(end, warm, "rss_bytes"));
            out.put("offheap_growth", ratio(end, warm, "offheap_bytes"));
            out.put("seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
            return out;
        }
    }

    private static double ratio(ObjectNode end, ObjectNode warm, String key) {
        double w = warm.path(key).asDouble(Double.NaN);
        double e = end.path(key).asDouble(Double.NaN);
        return Math.round((e / w - 1) * 10000) / 10000.0;
    }

    private static ObjectNode measure(ObjectMapper json) {
        // ND4J's native buffers are released when the collector finds their arrays: collect first, so that
        // what is measured is what is still held.
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ObjectNode m = json.createObjectNode();
        long rss = residentBytes();
        Runtime rt = Runtime.getRuntime();
        m.put("rss_bytes", rss);
        // ND4J 1.0.0-M2.1 on CPU allocates its buffers natively without counting them in its own tracker or
        // JavaCPP's (both read 0), so off-heap is what is resident beyond the committed Java heap.
        m.put("offheap_bytes", rss < 0 ? -1 : rss - rt.totalMemory());
        m.put("heap_used_bytes", rt.totalMemory() - rt.freeMemory());
        return m;
    }

    /** Resident set size from /proc (Linux); -1 where there is none. */
    private static long residentBytes() {
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
}
