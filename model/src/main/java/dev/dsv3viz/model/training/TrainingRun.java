package dev.dsv3viz.model.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dsv3viz.model.config.ConfigReader;
import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.io.CheckpointLoader;
import dev.dsv3viz.model.io.CheckpointWriter;
import dev.dsv3viz.model.io.RandomTensors;
import dev.dsv3viz.model.nn.ModelWeights;
import dev.dsv3viz.model.tokenizer.Tokenizer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A training run of the sample model on a corpus: random windows of the training text, one
 * {@link Trainer} step each, a log entry every few steps and a checkpoint every few more, written
 * atomically into the output folder so that stopping the run at any moment leaves the last checkpoint
 * whole. A run started on a folder that already holds a checkpoint resumes from it (its weights, biases
 * and step count; Adam's moments start afresh).
 */
public final class TrainingRun {
    /**
     * @param batch           windows per step, B
     * @param length          positions per window, T
     * @param learningRate    Adam's step size
     * @param gamma           the bias update speed γ (0 switches the balancing off)
     * @param mtpWeight       λ
     * @param balanceAlpha    α of the sequence-wise balance loss
     * @param seed            seed of the initial weights and of the window sampling
     * @param logEvery        steps between log entries
     * @param checkpointEvery steps between checkpoints
     * @param seconds         time budget of this run
     */
    public record Options(int batch, int length, double learningRate, double gamma, double mtpWeight,
                          double balanceAlpha, long seed, int logEvery, int checkpointEvery, long seconds) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String configJson;
    private final ModelConfig config;
    private final Tokenizer tokenizer;
    private final Corpus corpus;
    private final Path out;
    private final Options o;
    private final PrintWriter progress;

    public TrainingRun(String configJson, Tokenizer tokenizer, Corpus corpus, Path out, Options o, PrintWriter progress) {
        this.configJson = configJson;
        this.config = ConfigReader.parse(configJson);
        this.tokenizer = tokenizer;
        this.corpus = corpus;
        this.out = out;
        this.o = o;
        this.progress = progress;
    }

    /** Verses joined into one token stream, each ending in a newline. */
    public static int[] stream(Tokenizer t, List<String> verses) {
        List<int[]> parts = new ArrayList<>();
        int n = 0;
        for (String v : verses) {
            int[] ids = t.encode(v + "\n");
            parts.add(ids);
            n += ids.length;
        }
        int[] all = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    public void run() throws IOException {
        Files.createDirectories(out);
        int[] train = stream(tokenizer, corpus.training());
        int[] valid = stream(tokenizer, corpus.validation());
        int window = o.length() + config.numNextnPredictLayers() + 1;
        ObjectNode log = readLog();
        ArrayNode steps = (ArrayNode) log.get("steps");
        int step = steps.isEmpty() ? 0 : steps.get(steps.size() - 1).get("step").intValue();
        boolean resume = Files.isRegularFile(out.resolve("model.safetensors"));
        ModelWeights init = resume ? CheckpointLoader.load(out).weights()
                : CheckpointLoader.weights(config, new RandomTensors(config, o.seed(), 0.02));
        TrainingGraph graph = new TrainingGraph(config, init, o.batch(), o.length(), o.mtpWeight(), o.balanceAlpha());
        Trainer trainer = new Trainer(graph, o.learningRate(), o.gamma());
        Random random = new Random(o.seed() + step);
        progress.printf("training on %,d tokens (validation %,d), %d x %d tokens a step%s%n", train.length, valid.length,
                o.batch(), o.length(), resume ? ", resuming after step " + step : "");
        long start = System.nanoTime();
        long deadline = start + o.seconds() * 1_000_000_000L;
        int firstStep = step;
        while (System.nanoTime() < deadline) {
            int[][] windows = sample(train, window, random);
            Map<Integer, int[]> loads = trainer.step(windows);
            step++;
            if (step % o.logEvery() == 0) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                double tokensPerSecond = (step - firstStep) * (double) o.batch() * o.length() / elapsed;
                Map<String, Double> losses = trainer.losses(windows);
                steps.add(entry(step, tokensPerSecond, losses, loads, trainer.biases()));
                // Written at every entry, so that the app's training view can follow the run live.
                writeLog(log);
                progress.printf("step %d  loss %.3f  main %.3f  tokens/s %.0f  ETA %.0f min%n", step, losses.get("loss"),
                        losses.get("ce.0"), tokensPerSecond, Math.max(0, (deadline - System.nanoTime()) / 6e10));
                progress.flush();
            }
            if (step % o.checkpointEvery() == 0) {
                save(graph, trainer, log, step);
            }
        }
        log.set("validation", validation(trainer, valid, window));
        save(graph, trainer, log, step);
        progress.printf("done at step %d; validation %s%n", step, log.get("validation"));
    }

    private int[][] sample(int[] tokens, int window, Random random) {
        int[][] w = new int[o.batch()][];
        for (int b = 0; b < w.length; b++) {
            int from = random.nextInt(tokens.length - window);
            w[b] = java.util.Arrays.copyOfRange(tokens, from, from + window);
        }
        return w;
    }

    /** Losses over evenly spaced windows of the held-out text. */
    private ObjectNode validation(Trainer trainer, int[] valid, int window) {
        int[][] w = new int[o.batch()][];
        int stride = Math.max(1, (valid.length - window) / Math.max(1, w.length - 1));
        for (int b = 0; b < w.length; b++) {
            int from = Math.min(b * stride, valid.length - window);
            w[b] = java.util.Arrays.copyOfRange(valid, from, from + window);
        }
        ObjectNode v = JSON.createObjectNode();
        trainer.losses(w).forEach(v::put);
        return v;
    }

    private ObjectNode entry(int step, double tokensPerSecond, Map<String, Double> losses, Map<Integer, int[]> loads,
                             Map<Integer, float[]> biases) {
        ObjectNode e = JSON.createObjectNode();
        e.put("step", step);
        e.put("tokens", (long) step * o.batch() * o.length());
        e.put("tokens_per_second", Math.round(tokensPerSecond));
        losses.forEach(e::put);
        ObjectNode layers = e.putObject("layers");
        loads.forEach((layer, load) -> {
            ObjectNode l = layers.putObject(Integer.toString(layer));
            ArrayNode a = l.putArray("load");
            for (int n : load) {
                a.add(n);
            }
            ArrayNode b = l.putArray("bias");
            for (float x : biases.get(layer)) {
                b.add(x);
            }
        });
        return e;
    }

    private ObjectNode readLog() throws IOException {
        Path file = out.resolve("training-log.json");
        if (Files.isRegularFile(file) && Files.isRegularFile(out.resolve("model.safetensors"))) {
            JsonNode existing = JSON.readTree(file.toFile());
            if (existing instanceof ObjectNode node && node.get("steps") instanceof ArrayNode steps) {
                // Entries logged after the last checkpoint describe weights that were not saved.
                if (node.has("checkpoint_step")) {
                    int saved = node.get("checkpoint_step").intValue();
                    for (int i = steps.size() - 1; i >= 0 && steps.get(i).get("step").intValue() > saved; i--) {
                        steps.remove(i);
                    }
                }
                return node;
            }
        }
        ObjectNode log = JSON.createObjectNode();
        ObjectNode h = log.putObject("hyperparameters");
        h.put("batch", o.batch());
        h.put("length", o.length());
        h.put("learning_rate", o.learningRate());
        h.put("gamma", o.gamma());
        h.put("mtp_lambda", o.mtpWeight());
        h.put("balance_alpha", o.balanceAlpha());
        h.put("seed", o.seed());
        log.putArray("steps");
        return log;
    }

    private void save(TrainingGraph graph, Trainer trainer, ObjectNode log, int step) throws IOException {
        Files.writeString(out.resolve("config.json"), configJson);
        CheckpointWriter.write(config, graph.weights(trainer.biases()), out.resolve("model.safetensors"));
        log.put("checkpoint_step", step);
        writeLog(log);
    }

    private void writeLog(ObjectNode log) throws IOException {
        Path tmp = out.resolve("training-log.json.partial");
        JSON.writeValue(tmp.toFile(), log);
        Files.move(tmp, out.resolve("training-log.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
