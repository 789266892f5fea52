package dev.dsv3viz.app;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every shipped lesson started over a teacher's long prompt, played through and left with Esc. */
class LessonExitTest extends WindowTest {
    static final String SIXTY_TOKENS = "In the beginning God created the heaven and the earth. And the earth was without form,"
            + " and void; and darkness was upon the face of the deep. And the Spirit of God moved upon the face of the"
            + " waters. And God said, Let there be light";
    static final String SIXTEEN_TOKENS = "And God called the light Day, and the darkness he called Night.";

    @Test
    void eachLessonAfterASixtyTokenPromptLeavesTheWindowWholeOnEsc(FxRobot robot) throws Exception {
        awaitIdle();
        assertEquals(60, fx(() -> app.session().tokenizer().encode(SIXTY_TOKENS)).length);
        for (String name : Lessons.SHIPPED) {
            playAndLeave(robot, name, SIXTY_TOKENS, 30);
        }
        assertQuietConsole();
    }

    @Test
    void eachLessonAfterASlightlyLongerPromptLeavesTheWindowWholeOnEsc(FxRobot robot) throws Exception {
        awaitIdle();
        // Few enough tokens that the attention maps are labelled, more than the lessons' 14.
        assertEquals(16, fx(() -> app.session().tokenizer().encode(SIXTEEN_TOKENS)).length);
        for (String name : Lessons.SHIPPED) {
            playAndLeave(robot, name, SIXTEEN_TOKENS, 10);
        }
        assertQuietConsole();
    }

    /**
     * The teacher runs {@code prompt} and looks at the attention of token {@code position}; then plays the
     * lesson through, every step on the stage with its caption, and leaves it with Esc: the window is whole
     * and back where the teacher was.
     */
    private void playAndLeave(FxRobot robot, String name, String prompt, int position) throws Exception {
        runPrompt(prompt);
        assertTrue(selectedChipInView(), name + ": the strip shows the last token, selected after a run");
        int[] teacher = app.session().sequence();
        // The step whose drawing depends most on the lengths.
        PassStep teachersStep = new PassStep(StepKind.ATTENTION_SCORES, 2, 0);
        fx(() -> {
            app.session().select(position);
            app.session().jump(app.session().frame().steps().indexOf(teachersStep));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();

        double[] dividers = fx(() -> app.ui().dividers());
        Lesson lesson = Lessons.load(name);
        fx(() -> {
            app.play(lesson);
            return null;
        });
        int[] lessonIds = fx(() -> app.session().tokenizer().encode(lesson.prompt()));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> !app.busyProperty().get()
                && Arrays.equals(lessonIds, app.session().sequence())));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(app.ui().isPresenting(), name);
        for (int i = 0; i < lesson.steps().size(); i++) {
            Lesson.Step step = lesson.steps().get(i);
            String where = name + " step " + (i + 1);
            SessionModel.Frame f = app.session().frame();
            assertEquals(new PassStep(step.kind(), step.layer(), 0), f.step(), where);
            assertSame(f.pass(), fx(() -> app.stage().shownPass()), where + ": the lesson's pass is on the stage");
            assertFalse(fx(() -> app.stage().showsFailure()), where);
            assertEquals(step.caption(Locale.ENGLISH), fx(() -> ((Label) app.scene().lookup("#caption")).getText()), where);
            robot.type(KeyCode.PAGE_DOWN);
        }

        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> !app.busyProperty().get()
                && Arrays.equals(teacher, app.session().sequence())));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(app.ui().isPresenting(), name);
        assertFalse(window.isFullScreen(), name);
        assertWhole(name);
        assertArrayEquals(dividers, fx(() -> app.ui().dividers()), 1e-3, name + ": the outline and side panel keep their widths");
        SessionModel.Frame f = app.session().frame();
        assertEquals(teachersStep, f.step(), name + ": back on the teacher's step");
        assertEquals(position, f.position(), name + ": and token");
        assertSame(f.pass(), fx(() -> app.stage().shownPass()), name + ": the stage shows the restored pass");
        assertFalse(fx(() -> app.stage().showsFailure()), name);
        assertEquals(prompt, fx(() -> ((TextField) app.scene().lookup("#prompt")).getText()), name);
        String title = fx(() -> ((Label) app.scene().lookup("#step-title")).getText());
        assertTrue(title.endsWith("at position " + position), name + ": " + title);
        assertEquals(teacher.length, fx(() -> app.scene().lookup("#tokens").lookupAll(".token-chip").size()), name);
        assertTrue(selectedChipInView(), name + ": the strip shows the teacher's token");
        assertFalse(fx(() -> app.scene().lookup("#caption").isVisible()), name + ": the presentation caption is gone");
    }

    @Test
    void escWhileTheLessonsPromptStillRunsStillRestoresTheTeachersPass(FxRobot robot) throws Exception {
        awaitIdle();
        runPrompt(SIXTY_TOKENS);
        int[] teacher = app.session().sequence();
        fx(() -> {
            app.play(Lessons.load(Lessons.SHIPPED.get(0)));
            // Before the lesson's pass is back: the teacher changes their mind at once.
            app.presentation(false);
            return null;
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> !app.busyProperty().get()
                && Arrays.equals(teacher, app.session().sequence())));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(app.ui().isPresenting());
        assertWhole("Esc at once");
        assertEquals(teacher.length - 1, app.session().frame().position());
        assertQuietConsole();
    }

    /** The prompt bar, the outline following the cursor, the transport and the status line are all on screen. */
    private void assertWhole(String where) throws Exception {
        for (String id : List.of("#prompt", "#run", "#generate", "#outline", "#play", "#scrubber", "#transport-start",
                "#transport-end", "#status", "#tokens", "#step-title")) {
            Node node = fx(() -> app.scene().lookup(id));
            assertNotNull(node, where + ": " + id + " is in the window");
            assertTrue(fx(() -> shown(node)), where + ": " + id + " is on screen");
        }
        assertFalse(fx(() -> ((Button) app.scene().lookup("#run")).isDisabled()), where + ": Run works");
        assertFalse(fx(() -> app.scene().lookup("#play").isDisabled()), where + ": the transport works");
        PipelineOutline outline = (PipelineOutline) app.scene().lookup("#outline");
        assertFalse(fx(() -> outline.getRoot().getChildren().isEmpty()), where + ": the outline is populated");
        TreeItem<PipelineOutline.Entry> selected = fx(() -> outline.getSelectionModel().getSelectedItem());
        assertEquals(app.session().frame().step(), selected.getValue().step(), where + ": the outline follows the cursor");
    }

    /** In the scene, visible up to the root and laid out with a size. */
    private boolean shown(Node node) {
        if (node.getScene() != app.scene() || node.getLayoutBounds().getWidth() <= 0 || node.getLayoutBounds().getHeight() <= 0) {
            return false;
        }
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
