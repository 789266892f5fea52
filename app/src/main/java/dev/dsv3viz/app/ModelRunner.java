package dev.dsv3viz.app;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.nn.Tensors;
import dev.dsv3viz.model.nn.Transformer;
import dev.dsv3viz.model.trace.ForwardTrace;
import dev.dsv3viz.model.tokenizer.Tokenizer;
import dev.dsv3viz.model.tokenizer.TokenizerJson;
import dev.dsv3viz.model.trace.Recorder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Owns the model on one executor thread: ND4J arrays never cross threads, and the JavaFX thread only
 * ever receives finished, immutable traces.
 */
public final class ModelRunner implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "model");
        t.setDaemon(true);
        return t;
    });
    private Transformer model;

    /** A model ready to run, with the tokenizer of its folder (null when it has none). */
    public record Loaded(ModelConfig config, Tokenizer tokenizer) {
    }

    /** Loads a checkpoint; the current model stays in place if loading fails. */
    public CompletableFuture<Loaded> load(Path dir) {
        return CompletableFuture.supplyAsync(() -> {
            Transformer loaded = Engine.load(dir);
            Path tokenizer = dir.resolve("tokenizer.json");
            Tokenizer t = Files.isRegularFile(tokenizer) ? TokenizerJson.read(tokenizer) : null;
            model = loaded;
            return new Loaded(loaded.config(), t);
        }, thread);
    }

    /** Uses random weights of the given preset's shapes, with the sample model's tokenizer when it fits. */
    public CompletableFuture<Loaded> random(String preset, Path tokenizerFile) {
        return CompletableFuture.supplyAsync(() -> {
            Transformer m = Engine.random(Presets.load(preset), 0);
            Tokenizer t = tokenizerFile != null && Files.isRegularFile(tokenizerFile) ? TokenizerJson.read(tokenizerFile) : null;
            model = m;
            return new Loaded(m.config(), t != null && t.vocabSize() == m.config().vocabSize() ? t : null);
        }, thread);
    }

    /** A full traced forward pass over {@code tokens}: main model and MTP chain. */
    public CompletableFuture<ForwardTrace> run(int[] tokens, MlaMode mode) {
        return CompletableFuture.supplyAsync(() -> {
            Recorder rec = Recorder.on();
            Transformer.Output out = model.forward(tokens, model.newCache(), mode, rec);
            float[] last = Tensors.floats(out.logits().getRow(tokens.length - 1));
            model.forwardMtp(tokens, out.hidden(), last, mode, rec);
            return rec.toTrace(tokens, 0);
        }, thread);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
