package dev.dsv3viz.app.cli;

import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.generate.Generator;
import dev.dsv3viz.model.generate.SamplingOptions;
import dev.dsv3viz.model.nn.Transformer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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
        if (prompt != null) {
            throw new ModelException("Text prompts need a tokenizer.json, which this checkpoint does not have yet; use --ids.");
        }
        if (ids == null || ids.length == 0) {
            throw new ModelException("Give a prompt with --ids 1,2,3.");
        }
        if (tokens < 0) {
            throw new ModelException("--tokens must be 0 or more.");
        }
        Transformer m = model.load();
        int[] out = new Generator(m, model.mla).generate(ids, tokens, new SamplingOptions(temperature, topK, seed));
        spec.commandLine().getOut().println(Arrays.stream(out).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        return 0;
    }
}
