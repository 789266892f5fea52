package dev.dsv3viz.model.nn;

import dev.dsv3viz.model.Fixtures;
import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.io.CheckpointLoader;
import dev.dsv3viz.model.trace.AttentionStep;
import dev.dsv3viz.model.trace.ForwardTrace;
import dev.dsv3viz.model.trace.Recorder;
import dev.dsv3viz.model.trace.RouterStep;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransformerTest {
    private static Transformer model;
    private static final int[] PROMPT = {5, 77, 301, 12, 9, 450, 33, 2, 199, 64, 7, 128};

    @BeforeAll
    static void load() {
        CheckpointLoader.Checkpoint c = CheckpointLoader.load(Fixtures.checkpoint(Fixtures.TINY_YARN));
        model = new Transformer(c.config(), c.weights());
    }

    private static float maxDiff(float[] a, float[] b) {
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @ParameterizedTest
    @EnumSource(MlaMode.class)
    void decodingTokenByTokenWithTheLatentCacheGivesTheFullRecomputeLogits(MlaMode mode) {
        float[] full = Tensors.floats(model.forward(PROMPT, model.newCache(), mode, Recorder.OFF).logits());
        KvCache cache = model.newCache();
        int vocab = model.config().vocabSize();
        int split = 5;
        float[] prefix = Tensors.floats(model.forward(java.util.Arrays.copyOf(PROMPT, split), cache, mode, Recorder.OFF).logits());
        assertTrue(maxDiff(java.util.Arrays.copyOf(full, split * vocab), prefix) < 1e-4);
        for (int i = split; i < PROMPT.length; i++) {
            float[] step = Tensors.floats(model.forward(new int[]{PROMPT[i]}, cache, mode, Recorder.OFF).logits());
            float[] want = java.util.Arrays.copyOfRange(full, i * vocab, (i + 1) * vocab);
            assertTrue(maxDiff(want, step) < 1e-4, "position " + i + " differs by " + maxDiff(want, step));
        }
        assertEquals(PROMPT.length, cache.length());
    }

    @Test
    void naiveAndAbsorbedAttentionAgree() {
        Recorder a = Recorder.on();
        Recorder b = Recorder.on();
        float[] naive = Tensors.floats(model.forward(PROMPT, model.newCache(), MlaMode.NAIVE, a).logits());
        float[] absorbed = Tensors.floats(model.forward(PROMPT, model.newCache(), MlaMode.ABSORBED, b).logits());
        assertTrue(maxDiff(naive, absorbed) < 1e-4);
        float[] pa = a.toTrace(PROMPT, 0).at(AttentionStep.class, 1).orElseThrow().attentionWeights().values();
        float[] pb = b.toTrace(PROMPT, 0).at(AttentionStep.class, 1).orElseThrow().attentionWeights().values();
        assertTrue(maxDiff(pa, pb) < 1e-5);
    }

    @Test
    void traceIsCausalAndCarriesTheCachedLatent() {
        Recorder rec = Recorder.on();
        model.forward(PROMPT, model.newCache(), MlaMode.ABSORBED, rec);
        ForwardTrace trace = rec.toTrace(PROMPT, 0);
        AttentionStep att = trace.at(AttentionStep.class, 0).orElseThrow();
        int t = PROMPT.length;
        assertArrayEquals(new int[]{4, t, t}, att.attentionWeights().shape());
        for (int h = 0; h < 4; h++) {
            for (int i = 0; i < t; i++) {
                float sum = 0;
                for (int j = 0; j < t; j++) {
                    float p = att.attentionWeights().get(h, i, j);
                    if (j > i) {
                        assertEquals(0f, p, "token " + i + " must not see " + j);
                    }
                    sum += p;
                }
                assertEquals(1f, sum, 1e-5);
            }
        }
        assertArrayEquals(new int[]{t, 32}, att.kvLatent().shape());
        assertArrayEquals(new int[]{t, 8}, att.keyRopeRotated().shape());
        // Position 0 is not rotated; later positions are.
        assertArrayEquals(att.keyRope().row(0), att.keyRopeRotated().row(0), 1e-6f);
        assertFalse(java.util.Arrays.equals(att.keyRope().row(3), att.keyRopeRotated().row(3)));
    }

    @Test
    void recordingDoesNotChangeTheResult() {
        Recorder rec = Recorder.on();
        float[] traced = Tensors.floats(model.forward(PROMPT, model.newCache(), MlaMode.ABSORBED, rec).logits());
        float[] plain = Tensors.floats(model.forward(PROMPT, model.newCache(), MlaMode.ABSORBED, Recorder.OFF).logits());
        assertArrayEquals(plain, traced);
        RouterStep r = rec.toTrace(PROMPT, 0).at(RouterStep.class, 1).orElseThrow();
        assertEquals(8, r.expertsOf(0).length);
    }

    @Test
    void mtpDraftsTheTailWithoutChangingTheTeacherForcedPositions() {
        Transformer.Output out = model.forward(PROMPT, model.newCache(), MlaMode.ABSORBED, Recorder.OFF);
        float[] last = Tensors.floats(out.logits().getRow(PROMPT.length - 1));
        INDArray depth1 = model.forwardMtp(PROMPT, out.hidden(), last, MlaMode.ABSORBED, Recorder.OFF).get(0);
        assertEquals(PROMPT.length, depth1.rows());
        // Re-running with a different draft at the tail leaves every earlier position untouched.
        float[] otherLast = last.clone();
        otherLast[(Sampling.argmax(last) + 1) % last.length] = 1e9f;
        INDArray other = model.forwardMtp(PROMPT, out.hidden(), otherLast, MlaMode.ABSORBED, Recorder.OFF).get(0);
        int v = model.config().vocabSize();
        int known = (PROMPT.length - 1) * v;
        assertArrayEquals(java.util.Arrays.copyOf(Tensors.floats(depth1), known), java.util.Arrays.copyOf(Tensors.floats(other), known));
    }

    @Test
    void emptyAndTooLongPromptsAreRefusedInPlainWords() {
        ModelException empty = assertThrows(ModelException.class,
                () -> model.forward(new int[0], model.newCache(), MlaMode.NAIVE, Recorder.OFF));
        assertTrue(empty.getMessage().contains("no tokens"));
        int[] tooLong = new int[model.config().maxPositionEmbeddings() + 1];
        ModelException longer = assertThrows(ModelException.class,
                () -> model.forward(tooLong, model.newCache(), MlaMode.NAIVE, Recorder.OFF));
        assertTrue(longer.getMessage().contains("reads at most"));
        assertThrows(ModelException.class, () -> model.forward(new int[]{99999}, model.newCache(), MlaMode.NAIVE, Recorder.OFF));
    }
}
