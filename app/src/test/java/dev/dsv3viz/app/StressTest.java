package dev.dsv3viz.app;

import dev.dsv3viz.model.Fixtures;
import javafx.animation.AnimationTimer;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Impatient clicks, a model switch mid-generation and resizing lose nothing and never stall the window. */
class StressTest extends WindowTest {
    /** The JavaFX thread may spend at most this long taking in one result of model work. */
    private static final long MAX_RESULT_HANDLING_NANOS = 100_000_000L;
    /**
     * Frames may be further apart than that here: Monocle renders in software, a whole frame of this
     * window in tens of milliseconds, and that is rendering, not model work. A frozen window shows as
     * seconds.
     */
    private static final long MAX_FRAME_GAP_NANOS = 400_000_000L;

    /** The longest the JavaFX thread took in one model result during the last measured work. */
    private long handling;

    /**
     * Runs {@code work} and waits for the app to be idle again, measuring the longest gap between JavaFX
     * frames (a pulse listener: an animation timer ticks once per pulse).
     */
    private long longestFrameGap(Callable<Void> work) throws Exception {
        long[] longest = {0};
        long[] last = {0};
        AnimationTimer frames = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (last[0] != 0) {
                    longest[0] = Math.max(longest[0], now - last[0]);
                }
                last[0] = now;
            }
        };
        fx(() -> {
            frames.start();
            app.takeLongestResultHandlingNanos();
            return null;
        });
        work.call();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> fx(() -> !app.busyProperty().get()));
        fx(() -> {
            frames.stop();
            handling = app.takeLongestResultHandlingNanos();
            return null;
        });
        return longest[0];
    }

    @Test
    void runPressedAgainAndAgainDuringAPassKeepsOneGoodResult(FxRobot robot) throws Exception {
        awaitIdle();
        String text = "In the beginning God created the heaven and the earth. And the earth was without form, and void;"
                + " and darkness was upon the face of the deep. And the Spirit of God moved upon the face of the waters.";
        // One other prompt unmeasured, as a teacher's second prompt would be: the first after start-up runs cold code.
        robot.interact(() -> robot.lookup("#prompt").queryAs(TextField.class).setText("And God saw the light, that it was good."));
        robot.interact(() -> app.run());
        awaitIdle();
        robot.interact(() -> robot.lookup("#prompt").queryAs(TextField.class).setText(text));
        long gap = longestFrameGap(() -> {
            for (int i = 0; i < 12; i++) {
                robot.interact(() -> app.run());
            }
            return null;
        });
        awaitIdle();
        assertArrayEquals(app.session().tokenizer().encode(text), app.session().sequence());
        assertTrue(gap < MAX_FRAME_GAP_NANOS, "the window stalled for " + gap / 1e6 + " ms");
        assertTrue(handling < MAX_RESULT_HANDLING_NANOS,
                "taking in a result held the JavaFX thread for " + handling / 1e6 + " ms");
        assertQuietConsole();
    }

    @Test
    void openingAModelDuringGenerationIsDeclinedAndGenerationFinishes(@TempDir Path elsewhere) throws Exception {
        awaitIdle();
        var before = app.session().config();
        int prompt = app.session().sequenceLength();
        long gap = longestFrameGap(() -> {
            fx(() -> {
                app.generate();
                app.openCheckpoint(Fixtures.checkpoint(Fixtures.TINY_A));
                return null;
            });
            assertTrue(app.statusText().startsWith("Please wait"), app.statusText());
            return null;
        });
        assertSame(before, app.session().config());
        assertEquals(prompt + 8, app.session().sequenceLength());
        assertTrue(gap < MAX_FRAME_GAP_NANOS, "the window stalled for " + gap / 1e6 + " ms");
        assertTrue(handling < MAX_RESULT_HANDLING_NANOS,
                "taking in a result held the JavaFX thread for " + handling / 1e6 + " ms");
        assertFalse(fx(() -> app.export(app.stage(), 1, elsewhere.resolve("missing").resolve("x.png"))));
        assertTrue(app.statusText().startsWith("Could not save"), app.statusText());
        assertQuietConsole();
    }

    @Test
    void resizingToAProjectorAndBackKeepsTheStep() throws Exception {
        awaitIdle();
        int step = app.session().frame().stepIndex();
        for (double[] size : new double[][]{{1280, 720}, {1024, 640}, {1280, 800}, {1280, 760}}) {
            fx(() -> {
                window.setWidth(size[0]);
                window.setHeight(size[1]);
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(fx(() -> app.stage().getWidth() > 300 && app.stage().getHeight() > 200), "the stage keeps its room");
        }
        assertEquals(step, app.session().frame().stepIndex());
        assertQuietConsole();
    }

    @Test
    void closingTheWindowAsTheModelArrivesLeavesNothingOnTheConsole() throws Exception {
        // The JavaFX thread is held while the sample model loads, then the window closes: the load's result
        // is taken in after the close, when its pass could only start on a closed runner.
        fx(() -> {
            Thread.sleep(5000);
            app.stop();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertQuietConsole();
    }
}
