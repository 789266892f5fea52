package dev.dsv3viz.app;

import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.nn.Tensors;
import dev.dsv3viz.model.nn.Transformer;
import dev.dsv3viz.model.trace.ForwardTrace;
import dev.dsv3viz.model.trace.Recorder;

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

    /** Loads a checkpoint; the current model stays in place if loading fails. */
    public CompletableFuture<Transformer> load(Path dir) {
        return CompletableFuture.supplyAsync(() -> {
            Transformer loaded = Engine.load(dir);
            model = loaded;
            return loaded;
        }, thread);
    }

    /** Uses random weights of the given preset's shapes. */
    public CompletableFuture<Transformer> random(String preset) {
        return CompletableFuture.supplyAsync(() -> {
            Transformer m = Engine.random(Presets.load(preset), 0);
            model = m;
            return m;
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
