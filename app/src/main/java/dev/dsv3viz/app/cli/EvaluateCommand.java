package dev.dsv3viz.app.cli;

import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.tokenizer.TokenizerJson;
import dev.dsv3viz.model.training.Evaluation;
import dev.dsv3viz.model.training.TrainingText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Cross-entropy of every prediction depth and expert-load spread on a text. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Mean cross-entropy (nats per token) of the main head and each MTP depth on a text file, one"
                + " passage a line, and each MoE layer's expert-load spread.")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--text", required = true, paramLabel = "FILE", description = "The text, one passage a line.")
    Path text;

    @Option(names = "--window", defaultValue = "256", description = "Tokens per forward pass (default: ${DEFAULT-VALUE}).")
    int window;

    @Override
    public Integer call() throws IOException {
        Path dir = model.dir();
        if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            throw new ModelException(dir + " has no tokenizer.json to encode the text with.");
        }
        int[] tokens = TrainingText.stream(TokenizerJson.read(dir.resolve("tokenizer.json")), Files.readAllLines(text));
        Evaluation e = Evaluation.of(model.load(), tokens, window);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%,d tokens%n", tokens.length);
        for (int d = 0; d < e.crossEntropy().length; d++) {
            out.printf("%s cross-entropy %.4f nats/token%n", d == 0 ? "main head  " : "MTP depth " + d, e.crossEntropy()[d]);
        }
        e.maxOverMean().forEach((layer, max) -> out.printf("layer %d expert load: max/mean %.2f, min/mean %.2f%n",
                layer, max, e.minOverMean().get(layer)));
        return 0;
    }
}
