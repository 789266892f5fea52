package dev.dsv3viz.app.cli;

import dev.dsv3viz.model.training.Corpus;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The training text's options, shared by {@code train-tokenizer} and {@code train}. */
final class CorpusOptions {
    @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "Output of bible -f \"Ge1:1-Re22:21\".")
    Path bible;

    @Option(names = "--poems", paramLabel = "FILE[:N]",
            description = "A fortunes-zh poem file (tang300.u8, song100.u8); :N holds out every N-th poem. Repeatable.")
    List<String> poems = new ArrayList<>();

    @Option(names = "--poem-repeats", defaultValue = "8",
            description = "How many times the training text repeats the poems (default: ${DEFAULT-VALUE}).")
    int poemRepeats;

    Corpus read() {
        return Corpus.read(bible, poems.stream().map(Corpus.PoemSource::parse).toList());
    }
}
