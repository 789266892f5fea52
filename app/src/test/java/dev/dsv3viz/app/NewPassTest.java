package dev.dsv3viz.app;

import dev.dsv3viz.views.Motion;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A new pass arriving while any step is shown: whatever the step and whatever the lengths, the window
 * draws the new pass and only it, and nothing reaches the console.
 */
class NewPassTest extends WindowTest {
    static final String FOURTEEN_TOKENS = "In the beginning God created the heaven and the earth.";
    static final String TWO_TOKENS = "In the";

    @BeforeEach
    void still() {
        // Pictures are compared: every view shows its final state at once.
        Motion.setEnabled(false);
    }

    @AfterEach
    void moving() {
        Motion.setEnabled(true);
    }

    @Test
    void aTwoTokenPromptAfterAFourteenTokenOneAtEveryKindOfStep() throws Exception {
        awaitIdle();
        int[] longIds = fx(() -> app.session().tokenizer().encode(FOURTEEN_TOKENS));
        int[] shortIds = fx(() -> app.session().tokenizer().encode(TWO_TOKENS));
        assertEquals(14, longIds.length);
        assertEquals(2, shortIds.length);
        runPrompt(FOURTEEN_TOKENS);
        List<PassStep> stops = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (PassStep s : app.session().frame().steps()) {
            // Each kind once in the main model and once in an MTP module, where it occurs there.
            if (seen.add(s.kind() + "/" + (s.depth() > 0))) {
                stops.add(s);
            }
        }
        assertEquals(StepKind.values().length, stops.stream().map(PassStep::kind).distinct().count());
        for (PassStep stop : stops) {
            runPrompt(FOURTEEN_TOKENS);
            fx(() -> {
                app.session().jump(app.session().frame().steps().indexOf(stop));
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(stop, app.session().frame().step());
            // The long pass is on the stage now; the short one replaces it at the same kind of step.
            runPrompt(TWO_TOKENS);
            assertEquals(stop, app.session().frame().step(), "the cursor keeps the kind of step");
            assertDescribes(shortIds, stop.toString());
        }
        assertQuietConsole();
    }

    @Test
    void aLongerPromptAfterAShorterOneAndBackAtTheAttentionScores() throws Exception {
        awaitIdle();
        for (String text : new String[]{TWO_TOKENS, FOURTEEN_TOKENS, "In the beginning God", TWO_TOKENS}) {
            runPrompt(text);
            fx(() -> {
                List<PassStep> steps = app.session().frame().steps();
                app.session().jump(steps.indexOf(new PassStep(StepKind.ATTENTION_SCORES, 1, 0)));
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            assertDescribes(fx(() -> app.session().tokenizer().encode(text)), text);
        }
        assertQuietConsole();
    }

    @Test
    void movingBetweenThePromptsPassAndGeneratedTokensPassesAtEveryAttentionStep(FxRobot robot) throws Exception {
        awaitIdle();
        runPrompt(FOURTEEN_TOKENS);
        fx(() -> {
            app.generate();
            return null;
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> !app.busyProperty().get()
                && app.session().sequenceLength() == 14 + 8));
        for (StepKind kind : List.of(StepKind.ATTENTION_SCORES, StepKind.EMBEDDING, StepKind.EXPERTS, StepKind.ATTENTION_LATENT)) {
            fx(() -> {
                app.session().select(12);
                List<PassStep> steps = app.session().frame().steps();
                app.session().jump(steps.indexOf(steps.stream().filter(s -> s.kind() == kind).findFirst().orElseThrow()));
                return null;
            });
            robot.interact(() -> app.stage().requestFocus());
            // Across the end of the prompt's pass into the generated tokens' one-token passes and back.
            for (KeyCode key : List.of(KeyCode.PAGE_DOWN, KeyCode.PAGE_DOWN, KeyCode.PAGE_DOWN, KeyCode.PAGE_UP,
                    KeyCode.PAGE_UP, KeyCode.PAGE_UP)) {
                robot.type(key);
                SessionModel.Frame f = app.session().frame();
                String where = kind + " at " + f.position();
                assertEquals(kind, f.step().kind(), where);
                assertSame(f.pass(), fx(() -> app.stage().shownPass()), where);
                assertFalse(fx(() -> app.stage().showsFailure()), where + ": " + app.statusText());
                String title = fx(() -> ((Label) app.scene().lookup("#step-title")).getText());
                assertTrue(title.endsWith("at position " + f.position()), where + ": " + title);
            }
        }
        assertQuietConsole();
    }

    /**
     * The title, the token strip and the stage all show the pass over {@code ids} at the session's
     * step, at its last token; the stage looks exactly as it does when drawn from nothing.
     */
    private void assertDescribes(int[] ids, String where) throws Exception {
        SessionModel.Frame f = app.session().frame();
        assertArrayEquals(ids, f.pass().tokens(), where);
        int last = ids.length - 1;
        assertEquals(last, f.position(), where);
        String title = fx(() -> ((Label) app.scene().lookup("#step-title")).getText());
        assertTrue(title.startsWith("Step " + (f.stepIndex() + 1) + "/" + f.steps().size() + ": "), where + ": " + title);
        assertTrue(title.endsWith("token \u201C" + app.tokenText(ids[last]) + "\u201D at position " + last),
                where + ": " + title);
        List<String> chips = fx(() -> app.scene().lookup("#tokens").lookupAll(".token-chip").stream()
                .map(n -> ((Label) n).getText()).toList());
        List<String> expected = new ArrayList<>();
        for (int id : ids) {
            expected.add(app.tokenText(id) + "\n" + id);
        }
        assertEquals(expected, chips, where);
        assertSame(f.pass(), fx(() -> app.stage().shownPass()), where + ": the stage shows the new pass");
        assertFalse(fx(() -> app.stage().showsFailure()), where + ": " + app.statusText());
        Node view = fx(() -> app.stage().current());
        WritableImage shown = fx(() -> PngExport.render(app.stage(), 1));
        WritableImage fresh = fx(() -> {
            app.stage().discard();
            app.stage().show(app.session());
            return PngExport.render(app.stage(), 1);
        });
        assertSame(view.getClass(), fx(() -> app.stage().current()).getClass(), where);
        assertTrue(samePixels(shown, fresh), where + ": the stage differs from the same step drawn afresh");
    }

    private static boolean samePixels(WritableImage a, WritableImage b) {
        int w = (int) a.getWidth();
        int h = (int) a.getHeight();
        if (w != (int) b.getWidth() || h != (int) b.getHeight()) {
            return false;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (a.getPixelReader().getArgb(x, y) != b.getPixelReader().getArgb(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }
}
