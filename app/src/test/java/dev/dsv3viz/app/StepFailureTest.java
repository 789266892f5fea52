package dev.dsv3viz.app;

import dev.dsv3viz.model.trace.ForwardTrace;
import dev.dsv3viz.views.Messages;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.Arrays;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A step that cannot be drawn is said so in words, in the window's language, and the window goes on working. */
class StepFailureTest extends WindowTest {
    @AfterEach
    void english() throws Exception {
        fx(() -> {
            Messages.use(Locale.ENGLISH);
            return null;
        });
    }

    @Test
    void aStepThatCannotBeDrawnIsReportedAndTheWindowGoesOn(FxRobot robot) throws Exception {
        awaitIdle();
        runPrompt(NewPassTest.FOURTEEN_TOKENS);
        PassStep scores = new PassStep(StepKind.ATTENTION_SCORES, 1, 0);
        // A pass whose tokens disagree with its numbers: two tokens, fourteen rows of attention.
        ForwardTrace good = app.session().frame().pass();
        ForwardTrace broken = new ForwardTrace(Arrays.copyOf(good.tokens(), 2), 0, good.steps());
        fx(() -> {
            app.session().setPrompt(new ModelRunner.PromptRun(broken, 0), app.session().mode(), scores, 1);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(() -> app.stage().showsFailure()));
        String said = fx(() -> ((Label) app.scene().lookup("#step-failure")).getText());
        int step = app.session().frame().stepIndex() + 1;
        assertTrue(said.startsWith("Step " + step + " (Attention scores) could not be drawn: "), said);
        assertTrue(said.endsWith("The rest of the window still works: choose another step or run the prompt again."), said);
        assertEquals(said, app.statusText());
        assertTrue(app.hasError());
        String title = fx(() -> ((Label) app.scene().lookup("#step-title")).getText());
        assertTrue(title.startsWith("Step " + step + "/"), "the title still follows the cursor: " + title);

        robot.interact(() -> app.stage().requestFocus());
        robot.type(KeyCode.RIGHT);
        assertEquals(StepKind.ATTENTION_OUTPUT, app.session().frame().step().kind(), "the keys still move the steps");
        assertFalse(fx(() -> app.stage().showsFailure()), "a step that can be drawn is drawn");
        assertSame(broken, fx(() -> app.stage().shownPass()));

        fx(() -> {
            app.language(Locale.SIMPLIFIED_CHINESE);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> app.stage().requestFocus());
        robot.type(KeyCode.LEFT);
        String zh = fx(() -> ((Label) app.scene().lookup("#step-failure")).getText());
        assertTrue(zh.startsWith("\u7B2C " + step + " \u6B65\uFF08"), zh);
        assertTrue(fx(() -> app.stage().showsFailure()));

        runPrompt(NewPassTest.FOURTEEN_TOKENS);
        assertFalse(fx(() -> app.stage().showsFailure()), "the next pass is drawn");
        assertEquals(scores, app.session().frame().step());
        assertSame(app.session().frame().pass(), fx(() -> app.stage().shownPass()));
        assertQuietConsole();
    }
}
