package dev.dsv3viz.model.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.config.ConfigReader;
import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.io.CheckpointLoader;
import dev.dsv3viz.model.io.CheckpointWriter;
import dev.dsv3viz.model.io.RandomTensors;
import dev.dsv3viz.model.nn.ModelWeights;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A training run of the sample model on a corpus: random windows of the training text, one
 * {@link Trainer} step each, a log entry every few steps and a checkpoint every few more, written
 * atomically into the output folder so that stopping the run at any moment leaves the last checkpoint
 * whole. The checkpoint carries Adam's moments ({@code optimizer.safetensors}) and the biases; windows are
 * drawn from a generator seeded by the step, so a run started on a folder that already holds a checkpoint
 * continues exactly as if it had never stopped.
 */
public final class TrainingRun {
    /**
     * @param batch           windows per step, B
     * @param length          positions per window, T
     * @param learningRate    the schedule (warm-up, cosine decay)
     * @param gamma           the bias update speed γ (0 switches the balancing off)
     * @param mtpWeight       λ
     * @param balanceAlpha    α of the sequence-wise balance loss
     * @param seed            seed of the initial weights and of the window sampling
     * @param logEvery        steps between log entries
     * @param checkpointEvery steps between checkpoints (and validation)
     * @param seconds         time budget of this run
     */
    public record Options(int batch, int length, LearningRate learningRate, double gamma, double mtpWeight,
                          double balanceAlpha, long seed, int logEvery, int checkpointEvery, long seconds) {
    }

    static final String OPTIMIZER_FILE = "optimizer.safetensors";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String configJson;
    private final ModelConfig config;
    private final TrainingText text;
    private final Path out;
    private final Options o;
    private final PrintWriter progress;

    public TrainingRun(String configJson, TrainingText text, Path out, Options o, PrintWriter progress) {
        this.configJson = configJson;
        this.config = ConfigReader.parse(configJson);
        this.text = text;
        this.out = out;
        this.o = o;
        this.progress = progress;
    }

    public void run() throws IOException {
        Files.createDirectories(out);
        int window = o.length() + config.numNextnPredictLayers() + 1;
        if (text.training().length <= window || text.validation().length <= window) {
            throw new ModelException("The corpus is shorter than one training window of " + window + " tokens.");
        }
        boolean resume = Files.isRegularFile(out.resolve("model.safetensors")) && Files.isRegularFile(out.resolve(OPTIMIZER_FILE));
        ModelWeights init = resume ? CheckpointLoader.load(out).weights()
                : CheckpointLoader.weights(config, new RandomTensors(config, o.seed(), 0.02));
        TrainableModel model = new TrainableModel(config, init, o.batch(), o.length(), o.mtpWeight(), o.balanceAlpha());
        Trainer trainer = new Trainer(model, o.learningRate(), o.gamma());
        if (resume) {
            trainer.loadState(out.resolve(OPTIMIZER_FILE));
        }
        ObjectNode log = readLog(resume ? trainer.steps() : 0);
        ArrayNode steps = (ArrayNode) log.get("steps");
        progress.printf("training on %,d tokens (validation %,d), %d x %d tokens a step%s%n", text.training().length,
                text.validation().length, o.batch(), o.length(), resume ? ", resuming after step " + trainer.steps() : "");
        long start = System.nanoTime();
        long deadline = start + o.seconds() * 1_000_000_000L;
        long firstStep = trainer.steps();
        while (System.nanoTime() < deadline) {
            long step = trainer.steps() + 1;
            Trainer.Step result = trainer.step(sample(text.training(), window, new Random(o.seed() * 1_000_003L + step)));
            if (step % o.logEvery() == 0) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                double tokensPerSecond = (step - firstStep) * (double) o.batch() * o.length() / elapsed;
                steps.add(entry(step, tokensPerSecond, result, model));
                // Written at every entry, so that the app's training view can follow the run live.
                writeLog(log);
                progress.printf("step %d  loss %.3f  main %.3f  lr %.2e  |g| %.2f  tokens/s %.0f  ETA %.0f min%n", step,
                        result.losses().total(), result.losses().crossEntropy()[0], result.learningRate(), result.gradientNorm(),
                        tokensPerSecond, Math.max(0, (deadline - System.nanoTime()) / 6e10));
                progress.flush();
            }
            if (step % o.checkpointEvery() == 0) {
                log.set("validation", validation(trainer, text.validation(), window));
                save(trainer, log);
            }
        }
        log.set("validation", validation(trainer, text.validation(), window));
        save(trainer, log);
        progress.printf("done at step %d; validation %s%n", trainer.steps(), log.get("validation"));
    }

    private int[][] sample(int[] tokens, int window, Random random) {
        int[][] w = new int[o.batch()][];
        for (int b = 0; b < w.length; b++) {
            int from = random.nextInt(tokens.length - window);
            w[b] = Arrays.copyOfRange(tokens, from, from + window);
        }
        return w;
    }

    /** Mean losses over consecutive windows covering the held-out text (as many whole batches as fit). */
    private ObjectNode validation(Trainer trainer, int[] valid, int window) {
        int perBatch = o.batch();
        int count = Math.max(1, (valid.length - window) / o.length() + 1);
        int batches = Math.max(1, count / perBatch);
        Map<String, Double> sums = new LinkedHashMap<>();
        for (int b = 0; b < batches; b++) {
            int[][] w = new int[perBatch][];
            for (int i = 0; i < perBatch; i++) {
                int from = Math.min((b * perBatch + i) * o.length(), valid.length - window);
                w[i] = Arrays.copyOfRange(valid, from, from + window);
            }
            trainer.losses(w).named().forEach((k, v) -> sums.merge(k, v / batches, Double::sum));
        }
        ObjectNode v = JSON.createObjectNode();
        v.put("step", trainer.steps());
        sums.forEach(v::put);
        return v;
    }

    private ObjectNode entry(long step, double tokensPerSecond, Trainer.Step result, TrainableModel model) {
        ObjectNode e = JSON.createObjectNode();
        e.put("step", step);
        e.put("tokens", step * o.batch() * o.length());
        e.put("tokens_per_second", Math.round(tokensPerSecond));
        result.losses().named().forEach(e::put);
        e.put("learning_rate", result.learningRate());
        e.put("gradient_norm", result.gradientNorm());
        ObjectNode layers = e.putObject("layers");
        result.loads().forEach((layer, load) -> {
            ObjectNode l = layers.putObject(Integer.toString(layer));
            ArrayNode a = l.putArray("load");
            for (int n : load) {
                a.add(n);
            }
            ArrayNode b = l.putArray("bias");
            for (float x : model.moeLayers().get(layer).bias()) {
                b.add(x);
            }
        });
        return e;
    }

    /** The log to continue: the folder's own when resuming (without entries after the checkpoint), else a new one. */
    private ObjectNode readLog(long checkpointStep) throws IOException {
        Path file = out.resolve("training-log.json");
        if (checkpointStep > 0 && Files.isRegularFile(file)) {
            JsonNode existing = JSON.readTree(file.toFile());
            if (existing instanceof ObjectNode node && node.get("steps") instanceof ArrayNode steps) {
                // Entries logged after the last checkpoint describe weights that were not saved.
                for (int i = steps.size() - 1; i >= 0 && steps.get(i).get("step").longValue() > checkpointStep; i--) {
                    steps.remove(i);
                }
                return node;
            }
        }
        ObjectNode log = JSON.createObjectNode();
        ObjectNode h = log.putObject("hyperparameters");
        h.put("batch", o.batch());
        h.put("length", o.length());
        h.put("learning_rate", o.learningRate().peak());
        h.put("warmup_steps", o.learningRate().warmupSteps());
        h.put("decay_steps", o.learningRate().totalSteps());
        h.put("final_learning_rate_fraction", o.learningRate().floor());
        h.put("gamma", o.gamma());
        h.put("mtp_lambda", o.mtpWeight());
        h.put("balance_alpha", o.balanceAlpha());
        h.put("seed", o.seed());
        log.putArray("steps");
        return log;
    }

    private void save(Trainer trainer, ObjectNode log) throws IOException {
        Files.writeString(out.resolve("config.json"), configJson);
        CheckpointWriter.write(config, trainer.model().weights(), out.resolve("model.safetensors"));
        trainer.saveState(out.resolve(OPTIMIZER_FILE));
        log.put("checkpoint_step", trainer.steps());
        writeLog(log);
    }

    private void writeLog(ObjectNode log) throws IOException {
        Path tmp = out.resolve("training-log.json.partial");
        JSON.writeValue(tmp.toFile(), log);
        Files.move(tmp, out.resolve("training-log.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
