package dev.dsv3viz.app.cli;

import dev.dsv3viz.app.Presets;
import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.tokenizer.BpeTrainer;
import dev.dsv3viz.model.tokenizer.Tokenizer;
import dev.dsv3viz.model.tokenizer.TokenizerJson;
import dev.dsv3viz.model.training.Corpus;
import dev.dsv3viz.model.config.ConfigReader;
import dev.dsv3viz.model.training.LearningRate;
import dev.dsv3viz.model.training.TrainingRun;
import dev.dsv3viz.model.training.TrainingText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Trains the sample model (or any small config) from scratch, or resumes a run. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a DeepSeek-V3 on the KJV corpus (and Chinese poems) with the MTP and balance losses and the bias update; "
                + "writes a Hugging Face-layout checkpoint, tokenizer.json and training-log.json into --out, "
                + "resuming if --out already holds a checkpoint.")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CorpusOptions corpus;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Checkpoint folder to write (and resume from).")
    Path out;

    @Option(names = "--config", defaultValue = Presets.SAMPLE, paramLabel = "PRESET|FILE",
            description = "Model shapes (default: ${DEFAULT-VALUE}).")
    String config;

    @Option(names = "--minutes", defaultValue = "55", description = "Time budget (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--batch", defaultValue = "16") int batch;
    @Option(names = "--length", defaultValue = "128") int length;
    @Option(names = "--lr", defaultValue = "2e-3", description = "Peak learning rate.") double lr;
    @Option(names = "--warmup", defaultValue = "200", description = "Warm-up steps.") int warmup;
    @Option(names = "--decay-steps", defaultValue = "20000", description = "Step at which the cosine decay ends.") int decaySteps;
    @Option(names = "--lr-floor", defaultValue = "0.1", description = "Final rate as a fraction of the peak.") double lrFloor;
    @Option(names = "--gamma", defaultValue = "1e-3", description = "Bias update speed; 0 turns balancing off.") double gamma;
    @Option(names = "--mtp-lambda", defaultValue = "0.3") double lambda;
    @Option(names = "--balance-alpha", defaultValue = "1e-4") double alpha;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--log-every", defaultValue = "10") int logEvery;
    @Option(names = "--checkpoint-every", defaultValue = "50") int checkpointEvery;

    @Override
    public Integer call() throws IOException {
        if (batch < 1 || length < 2 || logEvery < 1 || checkpointEvery < 1 || !(minutes > 0)) {
            throw new ModelException("--batch, --length, --log-every, --checkpoint-every and --minutes must be positive.");
        }
        String configJson = Files.isRegularFile(Path.of(config)) ? Files.readString(Path.of(config)) : Presets.text(config);
        Corpus text = corpus.read();
        Files.createDirectories(out);
        Path tokenizerFile = out.resolve("tokenizer.json");
        List<String> training = text.training(corpus.poemRepeats);
        Tokenizer tokenizer;
        if (Files.isRegularFile(tokenizerFile)) {
            tokenizer = TokenizerJson.read(tokenizerFile);
        } else {
            tokenizer = BpeTrainer.train(training, ConfigReader.parse(configJson).vocabSize(), TrainTokenizerCommand.SPECIALS);
            TokenizerJson.write(tokenizer, tokenizerFile);
        }
        TrainingRun.Options o = new TrainingRun.Options(batch, length, new LearningRate(lr, warmup, decaySteps, lrFloor), gamma,
                lambda, alpha, seed, logEvery, checkpointEvery, Math.round(minutes * 60));
        spec.commandLine().getOut().printf("watch it live: in the app, View > Training history... > Follow a training run, "
                + "and choose %s%n", out.toAbsolutePath());
        new TrainingRun(configJson, TrainingText.of(tokenizer, text, corpus.poemRepeats), out, o, spec.commandLine().getOut()).run();
        return 0;
    }
}
