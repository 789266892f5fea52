package dev.dsv3viz.app.cli;

import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.tokenizer.BpeTrainer;
import dev.dsv3viz.model.tokenizer.Tokenizer;
import dev.dsv3viz.model.tokenizer.TokenizerJson;
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

/** Learns the sample model's byte-level BPE vocabulary from the corpus. */
@Command(name = "train-tokenizer", mixinStandardHelpOptions = true,
        description = "Learn a byte-level BPE tokenizer from the training text (KJV without the held-out book, and the poems "
                + "as often as training repeats them) and write tokenizer.json.")
final class TrainTokenizerCommand implements Callable<Integer> {
    /** DeepSeek's own sentence markers, so that prompts look like theirs. */
    static final List<String> SPECIALS = List.of("<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>");

    @Spec
    CommandSpec spec;

    @Mixin
    CorpusOptions corpus;

    @Option(names = "--vocab", defaultValue = "2048", description = "Vocabulary size, specials included (default: ${DEFAULT-VALUE}).")
    int vocab;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write tokenizer.json into.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (vocab < 256 + SPECIALS.size()) {
            throw new ModelException("--vocab must be at least " + (256 + SPECIALS.size()) + " (every byte, plus the specials).");
        }
        List<String> text = corpus.read().training(corpus.poemRepeats);
        long t0 = System.nanoTime();
        Tokenizer tokenizer = BpeTrainer.train(text, vocab, SPECIALS);
        Files.createDirectories(out);
        TokenizerJson.write(tokenizer, out.resolve("tokenizer.json"));
        long tokens = text.stream().mapToLong(v -> tokenizer.encode(v).length).sum();
        spec.commandLine().getOut().printf("tokenizer.json: %d tokens, learnt in %.1f s; the training text is %,d tokens"
                + " (%.2f bytes per token)%n", tokenizer.vocabSize(), (System.nanoTime() - t0) / 1e9, tokens,
                text.stream().mapToLong(String::length).sum() / (double) tokens);
        return 0;
    }
}
