package dev.dsv3viz.model.nn;

import dev.dsv3viz.model.Fixtures;
import dev.dsv3viz.model.config.ConfigReader;
import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.io.CheckpointLoader;
import dev.dsv3viz.model.io.RandomTensors;
import dev.dsv3viz.model.trace.Recorder;
import dev.dsv3viz.model.trace.RouterStep;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DeepSeek-V2 variants of the architecture run and stay self-consistent: a direct query projection
 * (no q LoRA), softmax scores with greedy or group-limited choice, YaRN with V2's mscale.
 */
class ConfigVariantsTest {
    private static final int[] PROMPT = {3, 141, 59, 265, 35, 89, 79, 323, 84, 62};

    private static ModelConfig variant(String qLora, String scoring, String method, String normTopk) throws IOException {
        String json = Files.readString(Fixtures.checkpoint("dsv3-tiny-yarn").resolve("config.json"))
                .replace("\"q_lora_rank\": 48", "\"q_lora_rank\": " + qLora)
                .replace("\"scoring_func\": \"sigmoid\"", "\"scoring_func\": \"" + scoring + "\"")
                .replace("\"topk_method\": \"noaux_tc\"", "\"topk_method\": \"" + method + "\"")
                .replace("\"norm_topk_prob\": true", "\"norm_topk_prob\": " + normTopk)
                .replace("\"mscale_all_dim\": 1.0", "\"mscale_all_dim\": 0.707");
        return ConfigReader.parse(json);
    }

    private static float maxDiff(float[] a, float[] b) {
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @ParameterizedTest(name = "q_lora {0}, {1}, {2}")
    @CsvSource({"null, softmax, greedy, false", "null, softmax, group_limited_greedy, false", "48, sigmoid, noaux_tc, true"})
    void bothMlaModesAndTheCacheAgree(String qLora, String scoring, String method, String normTopk) throws IOException {
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
        if (normTopk.equals("true")) {
            assertEquals((float) c.routedScalingFactor(), weights, 1e-5);
        }
    }
}
