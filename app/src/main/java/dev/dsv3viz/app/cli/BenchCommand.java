package dev.dsv3viz.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dsv3viz.app.Engine;
import dev.dsv3viz.app.MemoryReading;
import dev.dsv3viz.app.Presets;
import dev.dsv3viz.app.Soak;
import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.nn.KvCache;
import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.nn.Transformer;
import dev.dsv3viz.model.trace.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Times prefill and decode as docs/design.md describes timing DeepSeek's own PyTorch inference code beside
 * it: medians after warm-up, one JSON line. A benchmark, never a test.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time prefill (main model without and with trace recording, and the app's full traced pass"
                + " with the MTP chain) and cached decode; or, with --soak, watch memory over many passes. Prints one JSON line.")
final class BenchCommand implements Callable<Integer> {
    /** Long enough for the JIT to compile the hot paths before anything is timed. */
    private static final long WARMUP_NANOS = 3_000_000_000L;
    private static final int RUNS = 30;
    /** Exit code of a soak whose memory grew past the bound (2 stays the code for bad input). */
    static final int SOAK_FAILED = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Checkpoint folder (default: random weights with the sample model's shapes).")
    Path checkpoint;

    @Option(names = "--tokens", defaultValue = "64", description = "Prompt length, and decode steps (default: ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--soak", paramLabel = "N", description = "Instead of timing: a warm-up over every prompt length, then N "
            + "traced passes through the app's model runner (random prompts up to 256 tokens, generation with the cache); "
            + "prints resident and off-heap memory after warm-up and at the end, and PASS (exit 0) or FAIL (exit 1) "
            + "against 10% growth.")
    Integer soak;

    @Override
    public Integer call() {
        if (soak != null) {
            if (soak < 1) {
                throw new ModelException("--soak must be at least 1.");
            }
            if (MemoryReading.residentNow() < 0) {
                throw new ModelException("--soak reads resident memory from /proc/self/status, which this system does not have.");
            }
            Path dir = checkpoint != null ? checkpoint : Engine.sampleDir();
            Soak.Result result = Soak.run(dir, soak);
            spec.commandLine().getOut().println(result.json());
            spec.commandLine().getErr().println(result.verdict().summary());
            return result.verdict().passed() ? 0 : SOAK_FAILED;
        }
        Transformer model = checkpoint != null ? Engine.load(checkpoint) : Engine.random(Presets.load(Presets.SAMPLE), 0);
        if (tokens < 1 || 2 * tokens > model.config().maxPositionEmbeddings()) {
            throw new ModelException("--tokens must be between 1 and half the context ("
                    + model.config().maxPositionEmbeddings() / 2 + ").");
        }
        int[] ids = new Random(0).ints(tokens, 0, model.config().vocabSize()).toArray();

        double prefill = median(() -> model.forward(ids, model.newCache(), MlaMode.ABSORBED, Recorder.OFF));
        double traced = median(() -> model.forward(ids, model.newCache(), MlaMode.ABSORBED, Recorder.on()));
        double tracedWithMtp = median(() -> model.trace(ids, MlaMode.ABSORBED));
        double decode = decodeMedian(model, ids);

        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("model", checkpoint != null ? checkpoint.toString() : "random weights, " + Presets.SAMPLE + " shapes");
        json.put("tokens", tokens);
        json.put("prefill_ms", round(prefill));
        json.put("prefill_traced_ms", round(traced));
        json.put("prefill_traced_with_mtp_ms", round(tracedWithMtp));
        json.put("decode_ms_per_token", round(decode));
        json.put("mla", "absorbed");
        json.put("mtp_modules", model.mtpDepth());
        json.put("cores", Runtime.getRuntime().availableProcessors());
        spec.commandLine().getOut().println(json);
        return 0;
    }

    /** Median of per-token times of {@code tokens} single-token steps after a prefill of {@code ids}. */
    private double decodeMedian(Transformer model, int[] ids) {
        double[] perRun = new double[5];
        long until = System.nanoTime() + WARMUP_NANOS;
        for (int run = 0; run < perRun.length + 1; run++) {
            KvCache cache = model.newCache();
            model.forward(ids, cache, MlaMode.ABSORBED, Recorder.OFF);
            double[] steps = new double[ids.length];
            for (int i = 0; i < ids.length; i++) {
                int[] one = {ids[i]};
                long t0 = System.nanoTime();
                model.forward(one, cache, MlaMode.ABSORBED, Recorder.OFF);
                steps[i] = (System.nanoTime() - t0) / 1e6;
            }
            if (run == 0 && System.nanoTime() < until) {
                run = -1;
            } else if (run > 0) {
                perRun[run - 1] = median(steps);
            }
        }
        return median(perRun);
    }

    private static double median(Runnable work) {
        long until = System.nanoTime() + WARMUP_NANOS;
        while (System.nanoTime() < until) {
            work.run();
        }
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return median(ms);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }
}
