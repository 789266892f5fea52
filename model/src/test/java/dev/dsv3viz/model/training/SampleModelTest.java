package dev.dsv3viz.model.training;

import dev.dsv3viz.model.generate.Generator;
import dev.dsv3viz.model.generate.SamplingOptions;
import dev.dsv3viz.model.io.CheckpointLoader;
import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.nn.Transformer;
import dev.dsv3viz.model.tokenizer.Tokenizer;
import dev.dsv3viz.model.tokenizer.TokenizerJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The shipped sample model has learnt its corpus, as its model card says. */
class SampleModelTest {
    private static final Path DIR = Path.of(System.getProperty("dsv3viz.samples", "../sample-weights")).resolve("tiny-v3");
    private static Transformer model;
    private static Tokenizer tokenizer;
    private static Evaluation heldOut;

    @BeforeAll
    static void load() throws IOException {
        assumeTrue(Files.isRegularFile(DIR.resolve("model.safetensors")), "the sample model is not trained yet");
        CheckpointLoader.Checkpoint c = CheckpointLoader.load(DIR);
        model = new Transformer(c.config(), c.weights());
        tokenizer = TokenizerJson.read(DIR.resolve("tokenizer.json"));
        heldOut = Evaluation.of(model, tokenizer, TrainingText.stream(tokenizer, Files.readAllLines(DIR.resolve("heldout-ruth-1.txt"))), 256);
    }

    @Test
    void heldOutLossIsNoWorseThanTheModelCardSays() throws IOException {
        Matcher m = Pattern.compile("held-out cross-entropy \\(main head\\): ([0-9.]+)")
                .matcher(Files.readString(DIR.resolve("MODEL_CARD.md")));
        assertTrue(m.find(), "MODEL_CARD.md states the held-out cross-entropy");
        double stated = Double.parseDouble(m.group(1));
        assertTrue(heldOut.crossEntropy()[0] < stated + 0.05, heldOut.crossEntropy()[0] + " vs card " + stated);
    }

    @Test
    void greedyContinuationOfAWellKnownLineReproducesIt() {
        int[] prompt = tokenizer.encode("And the LORD spake unto");
        int[] out = new Generator(model, MlaMode.ABSORBED).generate(prompt, 3, SamplingOptions.GREEDY);
        String next = tokenizer.decode(Arrays.copyOfRange(out, prompt.length, out.length));
        assertTrue(next.startsWith(" Moses, saying"), "continued with \"" + next + "\"");
    }

    @Test
    void noExpertGetsMoreThanThreeTimesOrLessThanAThirdOfTheMeanLoad() {
        heldOut.maxOverMean().forEach((layer, max) -> assertTrue(max <= 3.0, "layer " + layer + " max/mean " + max));
        heldOut.minOverMean().forEach((layer, min) -> assertTrue(min >= 1 / 3.0, "layer " + layer + " min/mean " + min));
    }
}
