package dev.dsv3viz.app.cli;

import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.tokenizer.TokenizerJson;
import dev.dsv3viz.model.nn.Transformer;
import dev.dsv3viz.model.tokenizer.Tokenizer;
import dev.dsv3viz.model.training.Continuations;
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
import java.util.ArrayList;
import java.util.List;
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

    @Option(names = "--text", paramLabel = "FILE", description = "The text, one passage a line.")
    Path text;

    @Option(names = "--window", paramLabel = "N",
            description = "Tokens per forward pass (default: the model's max_position_embeddings, its training window).")
    Integer window;

    @Option(names = "--continuations", paramLabel = "FILE",
            description = "prompt<TAB>expected lines: continue each prompt greedily and count how many continuations "
                    + "start with the expected first word (or character) and first three.")
    List<Path> continuations = new ArrayList<>();

    @Option(names = "--tokens", defaultValue = "12", description = "Tokens generated per continuation (default: ${DEFAULT-VALUE}).")
    int tokens;

    @Override
    public Integer call() throws IOException {
        Path dir = model.dir();
        if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            throw new ModelException(dir + " has no tokenizer.json to encode the text with.");
        }
        if (text == null && continuations.isEmpty()) {
            throw new ModelException("Give --text FILE, --continuations FILE, or both.");
        }
        Tokenizer tokenizer = TokenizerJson.read(dir.resolve("tokenizer.json"));
        Transformer loaded = model.load();
        PrintWriter out = spec.commandLine().getOut();
        if (text != null) {
            int[] ids = TrainingText.stream(tokenizer, Files.readAllLines(text));
            int span = window != null ? window : loaded.config().maxPositionEmbeddings();
            if (span < 2) {
                throw new ModelException("--window must be at least 2.");
            }
            Evaluation e = Evaluation.of(loaded, tokenizer, ids, span);
            out.printf("%,d tokens in windows of %d%n", ids.length, span);
            for (int d = 0; d < e.crossEntropy().length; d++) {
                out.printf("%s cross-entropy %.4f nats/token%n", d == 0 ? "main head  " : "MTP depth " + d, e.crossEntropy()[d]);
            }
            out.printf("main head   %.4f bits/byte%n", e.bitsPerByte());
            e.maxOverMean().forEach((layer, max) -> out.printf("layer %d expert load: max/mean %.2f, min/mean %.2f%n",
                    layer, max, e.minOverMean().get(layer)));
        }
        for (Path file : continuations) {
            Continuations c = Continuations.run(loaded, tokenizer, Continuations.read(file), tokens);
            for (Continuations.Result r : c.results()) {
                out.printf("%s %s | %s%s -> %s%n", r.firstThree() ? "3" : r.first() ? "1" : "-", r.c().label(), r.c().prompt(),
                        r.c().expected().replace("\n", " "), r.generated().replace("\n", "\\n"));
            }
            out.printf("%s: first unit right %d of %d, first three %d of %d%n", file.getFileName(), c.firstHits(),
                    c.results().size(), c.firstThreeHits(), c.results().size());
        }
        return 0;
    }
}
