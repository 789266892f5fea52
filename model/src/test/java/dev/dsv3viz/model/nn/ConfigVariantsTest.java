package dev.dsv3viz.model.nn;

import dev.dsv3viz.model.ConfigBuilder;
import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.io.CheckpointLoader;
import dev.dsv3viz.model.io.RandomTensors;
import dev.dsv3viz.model.trace.Recorder;
import dev.dsv3viz.model.trace.RouterStep;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DeepSeek-V2 variants of the architecture run and stay self-consistent: a direct query projection
 * (no q LoRA), softmax scores with greedy or group-limited choice, YaRN with V2's mscale.
 */
class ConfigVariantsTest {
    private static final int[] PROMPT = {3, 141, 59, 265, 35, 89, 79, 323, 84, 62};

    private static ModelConfig variant(Integer qLora, String scoring, String method, boolean normTopk) {
        return ConfigBuilder.tinyV3().maxPositionEmbeddings(512).yarn(8, 64, 1.0, 0.707).qLoraRank(qLora)
                .scoringFunc(scoring).topkMethod(method).normTopkProb(normTopk).build();
    }

    private static float maxDiff(float[] a, float[] b) {
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @ParameterizedTest(name = "q_lora {0}, {1}, {2}")
    @CsvSource(value = {"null, softmax, greedy, false", "null, softmax, group_limited_greedy, false", "48, sigmoid, noaux_tc, true"},
            nullValues = "null")
    void bothMlaModesAndTheCacheAgree(Integer qLora, String scoring, String method, boolean normTopk) {
        ModelConfig c = variant(qLora, scoring, method, normTopk);
        Transformer model = new Transformer(c, CheckpointLoader.weights(c, new RandomTensors(c, 7, 0.08)));
        Recorder rec = Recorder.on();
        float[] naive = Tensors.floats(model.forward(PROMPT, model.newCache(), MlaMode.NAIVE, rec).logits());
        float[] absorbed = Tensors.floats(model.forward(PROMPT, model.newCache(), MlaMode.ABSORBED, Recorder.OFF).logits());
        assertTrue(maxDiff(naive, absorbed) < 1e-4);

        KvCache cache = model.newCache();
        model.forward(Arrays.copyOf(PROMPT, 6), cache, MlaMode.ABSORBED, Recorder.OFF);
        float[] last = null;
        for (int i = 6; i < PROMPT.length; i++) {
            last = Tensors.floats(model.forward(new int[]{PROMPT[i]}, cache, MlaMode.ABSORBED, Recorder.OFF).logits());
        }
        int v = c.vocabSize();
        assertTrue(maxDiff(Arrays.copyOfRange(naive, (PROMPT.length - 1) * v, PROMPT.length * v), last) < 1e-4);

        RouterStep router = rec.toTrace(PROMPT, 0).at(RouterStep.class, 1).orElseThrow();
        float sum = 0;
        for (int e = 0; e < c.nRoutedExperts(); e++) {
            sum += router.affinities().get(0, e);
        }
        if (scoring.equals("softmax")) {
            assertEquals(1f, sum, 1e-5, "softmax affinities sum to one");
        }
        float weights = 0;
        for (int k = 0; k < c.numExpertsPerTok(); k++) {
            weights += router.weights().get(0, k);
        }
        if (normTopk) {
            assertEquals((float) c.routedScalingFactor(), weights, 1e-5);
        }
    }
}
