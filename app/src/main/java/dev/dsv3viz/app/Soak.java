package dev.dsv3viz.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dsv3viz.model.generate.SamplingOptions;
import dev.dsv3viz.model.nn.MlaMode;

import java.nio.file.Path;
import java.util.Random;

/**
 * A long lesson in a few minutes: many traced passes through the app's own {@link ModelRunner} (prompts
 * of random length, both MLA forms, generation with the KV cache), with memory read after a warm-up and
 * at the end and the growth between the two held to {@link SoakVerdict#BOUND}.
 *
 * <p>The warm-up is what makes two runs comparable. ND4J keeps native memory that is not garbage: the
 * scratch workspace, sized by the largest pass it has seen, and a descriptor of every tensor shape it has
 * met, never freed. The engine's shapes depend on the prompt's length and the cache's (the experts' blocks
 * take few sizes), so the warm-up runs every prompt length once, longest first, each followed by a few
 * generated tokens: the workspace is sized on the first pass, and every shape the soak can make has been
 * made. A random warm-up left both to grow afterwards, by chance more in one run than in another.
 */
public final class Soak {
    private static final int MAX_PROMPT = 256;
    private static final int GENERATED = 8;

    private Soak() {
    }

    /** The soak's figures, as printed, and its verdict. */
    public record Result(ObjectNode json, SoakVerdict verdict) {
    }

    /** Runs the warm-up and then {@code passes} passes; see the class comment. */
    public static Result run(Path checkpoint, int passes) {
        ObjectMapper json = new ObjectMapper();
        try (ModelRunner runner = new ModelRunner()) {
            ModelRunner.Loaded loaded = checkpoint != null ? runner.load(checkpoint, () -> false).join()
                    : runner.random(Presets.SAMPLE, null).join();
            int vocab = loaded.config().vocabSize();
            int longest = Math.min(MAX_PROMPT, loaded.config().maxPositionEmbeddings() - GENERATED);
            Random random = new Random(7);
            long start = System.nanoTime();
            for (int length = longest; length >= 1; length--) {
                pass(runner, random.ints(length, 0, vocab).toArray(), length % 2 == 0 ? MlaMode.ABSORBED : MlaMode.NAIVE, true);
            }
            MemoryReading afterWarmUp = MemoryReading.settled(() -> runner.scratchBytes().join());
            long peak = 0;
            for (int i = 0; i < passes; i++) {
                int[] ids = random.ints(1 + random.nextInt(longest), 0, vocab).toArray();
                pass(runner, ids, i % 2 == 0 ? MlaMode.ABSORBED : MlaMode.NAIVE, i % 4 == 0);
                peak = Math.max(peak, MemoryReading.residentNow());
            }
            MemoryReading atEnd = MemoryReading.settled(() -> runner.scratchBytes().join());
            SoakVerdict verdict = SoakVerdict.of(afterWarmUp, atEnd, SoakVerdict.BOUND);

            ObjectNode out = json.createObjectNode();
            out.put("model", checkpoint != null ? checkpoint.toString() : "random weights, " + Presets.SAMPLE + " shapes");
            out.put("passes", passes);
            out.put("warm_up_passes", longest);
            out.put("longest_prompt", longest);
            out.set("after_warm_up", afterWarmUp.toJson(json));
            out.set("at_end", atEnd.toJson(json));
            out.put("peak_rss_bytes", peak);
            out.put("rss_growth", verdict.residentGrowth());
            out.put("offheap_growth", verdict.offHeapGrowth());
            out.put("bound", verdict.bound());
            out.put("verdict", verdict.passed() ? "PASS" : "FAIL");
            out.put("seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
            return new Result(out, verdict);
        }
    }

    /** A traced prompt pass (with the other form's check), then, if asked, a few generated tokens. */
    private static void pass(ModelRunner runner, int[] ids, MlaMode mode, boolean generate) {
        runner.run(ids, mode).join();
        if (generate) {
            runner.generate(GENERATED, SamplingOptions.GREEDY, MlaMode.ABSORBED, () -> false, p -> { }).join();
        }
    }
}
