package dev.dsv3viz.app.cli;

import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.generate.Generator;
import dev.dsv3viz.model.generate.SamplingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.dsv3viz.model.tokenizer.Tokenizer;
import dev.dsv3viz.model.tokenizer.TokenizerJson;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** Greedy or sampled generation with the latent KV cache. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate tokens after a prompt, decoding with MLA's latent KV cache.")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--ids", split = ",", paramLabel = "ID,ID,...", description = "Prompt as token ids.")
    int[] ids;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "Prompt as text (needs the checkpoint's tokenizer.json).")
    String prompt;

    @Option(names = "--tokens", defaultValue = "16", description = "New tokens to generate (default: ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 for greedy (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "Sample among the k most likely tokens; 0 for all.")
    int topK;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed for sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        if (tokens < 0) {
            throw new ModelException("--tokens must be 0 or more.");
        }
        if ((prompt == null) == (ids == null)) {
            throw new ModelException("Give the prompt either as text (--prompt \"...\") or as token ids (--ids 1,2,3).");
        }
        Path dir = model.dir();
        Tokenizer tokenizer = Files.isRegularFile(dir.resolve("tokenizer.json"))
                ? TokenizerJson.read(dir.resolve("tokenizer.json")) : null;
        if (prompt != null && tokenizer == null) {
            throw new ModelException(dir + " has no tokenizer.json, so text prompts cannot be encoded; use --ids.");
        }
        int[] promptIds = prompt != null ? tokenizer.encode(prompt) : ids;
        if (promptIds.length == 0) {
            throw new ModelException("The prompt is empty.");
        }
        int[] out = new Generator(model.load(), model.mla).generate(promptIds, tokens,
                new SamplingOptions(temperature, topK, seed));
        PrintWriter w = spec.commandLine().getOut();
        w.println(Arrays.stream(out).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        if (tokenizer != null) {
            w.println(tokenizer.decode(out));
        }
        return 0;
    }
}
