package dev.dsv3viz.app;

import dev.dsv3viz.model.generate.SamplingOptions;
import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.trace.ForwardTrace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cursor over a real pass (random weights of the sample's shapes): steps, layers, tokens, generated passes. */
class SessionModelTest {
    private static ModelRunner runner;
    private static ModelRunner.Loaded loaded;
    private static ModelRunner.PromptRun run;
    private static final List<ForwardTrace> generated = new ArrayList<>();
    private static final int[] PROMPT = {5, 17, 42, 99, 7, 256};

    @BeforeAll
    static void runOnce() {
        runner = new ModelRunner();
        loaded = runner.random(Presets.SAMPLE, null).join();
        run = runner.run(PROMPT, MlaMode.ABSORBED).join();
        runner.generate(3, SamplingOptions.GREEDY, MlaMode.ABSORBED, () -> false, generated::add).join();
    }

    @AfterAll
    static void close() {
        runner.close();
    }

    private static SessionModel session() {
        SessionModel s = new SessionModel();
        s.setModel(loaded.config(), null, "test");
        s.setPrompt(run, MlaMode.ABSORBED);
        return s;
    }

    private static int indexOf(SessionModel s, StepKind kind, int layer) {
        return s.frame().steps().indexOf(new PassStep(kind, layer, 0));
    }

    @Test
    void aNewPromptStartsAtItsLastTokenOnTheFirstStep() {
        SessionModel s = session();
        assertEquals(PROMPT.length - 1, s.frame().position());
        assertEquals(StepKind.EMBEDDING, s.frame().step().kind());
    }

    @Test
    void upAndDownMoveToTheSameKindOfStepInTheNeighbouringLayer() {
        SessionModel s = session();
        s.jump(indexOf(s, StepKind.ROUTER_BIAS, 1));
        s.layer(1);
        assertEquals(new PassStep(StepKind.ROUTER_BIAS, 2, 0), s.frame().step());
        s.jump(indexOf(s, StepKind.ATTENTION_ROPE, 1));
        s.layer(-1);
        assertEquals(new PassStep(StepKind.ATTENTION_ROPE, 0, 0), s.frame().step());
        s.jump(indexOf(s, StepKind.ROUTER_GROUPS, 1));
        s.layer(-1);
        assertEquals(0, s.frame().step().layer(), "layer 0 is dense: no router there, its first step instead");
        s.first();
        s.layer(-1);
        assertEquals(0, s.frame().stepIndex(), "nothing above the embedding");
    }

    @Test
    void steppingStopsAtBothEnds() {
        SessionModel s = session();
        s.step(-1);
        assertEquals(0, s.frame().stepIndex());
        s.last();
        int last = s.frame().stepIndex();
        s.step(1);
        assertEquals(last, s.frame().stepIndex());
    }

    @Test
    void choosingAnotherTokenKeepsTheStepAndGeneratedTokensHaveTheirOwnPass() {
        SessionModel s = session();
        s.jump(indexOf(s, StepKind.ROUTER_TOP_K, 2));
        s.select(1);
        assertEquals(new PassStep(StepKind.ROUTER_TOP_K, 2, 0), s.frame().step());
        assertEquals(1, s.frame().row());
        s.addGenerated(generated);
        assertEquals(PROMPT.length + 3, s.sequenceLength());
        s.select(PROMPT.length + 1);
        assertEquals(PROMPT.length + 1, s.frame().pass().startPosition(), "the second generated token's own pass");
        assertEquals(0, s.frame().row());
        assertEquals(new PassStep(StepKind.ROUTER_TOP_K, 2, 0), s.frame().step());
        assertFalse(s.frame().steps().stream().anyMatch(p -> p.depth() > 0), "a decoded token runs no MTP modules");
        s.moveToken(10);
        assertEquals(PROMPT.length + 2, s.frame().position(), "stops at the last token");
    }

    @Test
    void theCursorFollowsGenerationOnlyWhenItWasOnTheLastToken() {
        SessionModel following = session();
        following.addGenerated(generated.subList(0, 1));
        assertEquals(PROMPT.length, following.frame().position());
        SessionModel reading = session();
        reading.select(2);
        reading.addGenerated(generated.subList(0, 1));
        assertEquals(2, reading.frame().position());
        assertTrue(reading.frame().length() == PROMPT.length + 1);
    }
}
