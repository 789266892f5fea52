package dev.dsv3viz.app;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.generate.SamplingOptions;
import dev.dsv3viz.model.nn.KvCache;
import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.nn.Sampling;
import dev.dsv3viz.model.nn.Scratch;
import dev.dsv3viz.model.nn.Tensors;
import dev.dsv3viz.model.nn.Transformer;
import dev.dsv3viz.model.tokenizer.Tokenizer;
import dev.dsv3viz.model.tokenizer.TokenizerJson;
import dev.dsv3viz.model.trace.ForwardTrace;
import dev.dsv3viz.model.trace.Recorder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Owns the model on one executor thread: ND4J arrays never cross threads, and the JavaFX thread only
 * ever receives finished, immutable traces. The latent KV cache of the last prompt stays here, so that
 * generation continues from it.
 */
public final class ModelRunner implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "model");
        t.setDaemon(true);
        return t;
    });
    private Transformer model;
    private KvCache cache;
    private float[] lastLogits;

    /** A model ready to run, with the tokenizer of its folder (null when it has none). */
    public record Loaded(ModelConfig config, Tokenizer tokenizer) {
    }

    /**
     * A traced pass over a prompt.
     *
     * @param otherModeMaxDifference the largest difference of any logit when the other MLA form runs the
     *                               same prompt: naive and absorbed attention are the same function
     */
    public record PromptRun(ForwardTrace trace, double otherModeMaxDifference) {
    }

    /** Loads a checkpoint; the current model stays in place if loading fails or is cancelled. */
    public CompletableFuture<Loaded> load(Path dir, BooleanSupplier cancelled) {
        return CompletableFuture.supplyAsync(() -> {
            Transformer loaded = Engine.load(dir);
            Path tokenizer = dir.resolve("tokenizer.json");
            Tokenizer t = Files.isRegularFile(tokenizer) ? TokenizerJson.read(tokenizer) : null;
            if (t != null && t.vocabSize() > loaded.config().vocabSize()) {
                t = null;
            }
            if (cancelled.getAsBoolean()) {
                throw new CancellationException();
            }
            swap(loaded);
            return new Loaded(loaded.config(), t);
        }, thread);
    }

    /** Uses random weights of the given preset's shapes, with the sample model's tokenizer when it fits. */
    public CompletableFuture<Loaded> random(String preset, Path tokenizerFile) {
        return CompletableFuture.supplyAsync(() -> {
            Transformer m = Engine.random(Presets.load(preset), 0);
            Tokenizer t = tokenizerFile != null && Files.isRegularFile(tokenizerFile) ? TokenizerJson.read(tokenizerFile) : null;
            swap(m);
            return new Loaded(m.config(), t != null && t.vocabSize() == m.config().vocabSize() ? t : null);
        }, thread);
    }

    private void swap(Transformer m) {
        model = m;
        replaceCache(null);
        lastLogits = null;
    }

    /** A full traced forward pass over {@code tokens}, main model and MTP chain, filling a fresh cache. */
    public CompletableFuture<PromptRun> run(int[] tokens, MlaMode mode) {
        return CompletableFuture.supplyAsync(() -> {
            KvCache fresh = model.newCache();
            Transformer.TracedPass pass;
            double difference;
            try {
                pass = model.tracedPass(tokens, fresh, mode);
                MlaMode other = mode == MlaMode.ABSORBED ? MlaMode.NAIVE : MlaMode.ABSORBED;
                try (KvCache scratch = model.newCache();
                     Transformer.Output check = model.forward(tokens, scratch, other, Recorder.OFF)) {
                    difference = largestDifference(pass.trace().head(0).orElseThrow().logits().values(),
                            Tensors.floats(check.logits()));
                }
            } catch (RuntimeException e) {
                fresh.close();
                throw e;
            }
            replaceCache(fresh);
            lastLogits = pass.lastLogits();
            return new PromptRun(pass.trace(), difference);
        }, thread);
    }

    private static double largestDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private void replaceCache(KvCache next) {
        if (cache != null) {
            cache.close();
        }
        cache = next;
    }

    /**
     * Continues the last prompt one token at a time with the latent KV cache, each new token's pass
     * traced and handed to {@code onPass} as soon as it is done.
     *
     * @return how many tokens were made (fewer than asked when cancelled or the context is full)
     */
    public CompletableFuture<Integer> generate(int count, SamplingOptions options, MlaMode mode,
                                               BooleanSupplier cancelled, Consumer<ForwardTrace> onPass) {
        return CompletableFuture.supplyAsync(() -> {
            if (cache == null) {
                throw new IllegalStateException("Run a prompt before generating.");
            }
            Random random = new Random(options.seed());
            int made = 0;
            while (made < count && !cancelled.getAsBoolean()
                    && cache.length() < model.config().maxPositionEmbeddings()) {
                int token = Sampling.sample(lastLogits, options.temperature(), options.topK(), random);
                int start = cache.length();
                Recorder rec = Recorder.on();
                try (Transformer.Output out = model.forward(new int[]{token}, cache, mode, rec)) {
                    lastLogits = Tensors.floats(out.logits().getRow(0));
                }
                onPass.accept(rec.toTrace(new int[]{token}, start));
                made++;
            }
            return made;
        }, thread);
    }

    /** Bytes the model thread's scratch workspace has reserved: ND4J memory held on purpose, not leaked. */
    public CompletableFuture<Long> scratchBytes() {
        return CompletableFuture.supplyAsync(Scratch::reservedBytes, thread);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
