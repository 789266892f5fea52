package dev.dsv3viz.app;

import dev.dsv3viz.model.count.CacheDType;
import dev.dsv3viz.model.count.KvCacheCounter;
import dev.dsv3viz.model.count.ParameterCounter;
import dev.dsv3viz.model.trace.AttentionStep;
import dev.dsv3viz.model.trace.RouterStep;
import dev.dsv3viz.views.CounterFigures;
import dev.dsv3viz.views.Format;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window driven like a user would, on the shipped sample model. */
class VisualizerAppTest extends WindowTest {

    private void jumpTo(StepKind kind, int layer, int position) throws Exception {
        fx(() -> {
            SessionModel s = app.session();
            s.select(position);
            List<PassStep> steps = s.frame().steps();
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i).kind() == kind && (layer < 0 || steps.get(i).layer() == layer)) {
                    s.jump(i);
                    return null;
                }
            }
            throw new AssertionError("no " + kind + " at layer " + layer);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void opensOnTheSampleModelWithTheDefaultPromptAlreadyRun() throws Exception {
        awaitIdle();
        SessionModel s = app.session();
        assertEquals(4, s.config().numHiddenLayers());
        assertArrayEquals(s.tokenizer().encode(VisualizerApp.DEFAULT_PROMPT), s.sequence());
        assertNotNull(app.stage().current());
    }

    @Test
    void runningATypedPromptRecordsItsTrace(FxRobot robot) throws Exception {
        awaitIdle();
        TextField prompt = robot.lookup("#prompt").queryAs(TextField.class);
        robot.interact(() -> prompt.setText(""));
        robot.clickOn(prompt).write("In the beginning God created");
        robot.clickOn("#run");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> !app.busyProperty().get()
                && app.session().sequenceLength() == app.session().tokenizer().encode("In the beginning God created").length));
        int[] expected = app.session().tokenizer().encode("In the beginning God created");
        assertArrayEquals(expected, app.session().sequence());
        assertArrayEquals(expected, app.session().frame().pass().tokens());
    }

    @Test
    void theRouterViewLightsExactlyTheExpertsTheTraceChose() throws Exception {
        awaitIdle();
        for (int layer = 1; layer <= 3; layer++) {
            for (int position : new int[]{0, 5, 9}) {
                jumpTo(StepKind.ROUTER_TOP_K, layer, position);
                int l = layer;
                RouterStep step = app.session().frame().pass().at(RouterStep.class, l).orElseThrow();
                int[] chosen = sorted(step.expertsOf(position));
                assertArrayEquals(chosen, sorted(fx(() -> app.stage().router().litExperts())), "layer " + layer + " token " + position);
                jumpTo(StepKind.EXPERTS, layer, position);
                assertArrayEquals(chosen, sorted(fx(() -> app.stage().experts().litExperts())));
            }
        }
        jumpTo(StepKind.ROUTER_GROUPS, 2, 4);
        assertEquals(0, fx(() -> app.stage().router().litExperts()).length, "experts are lit only once chosen");
    }

    @Test
    void steppingForwardAndBackVisitsEveryKindOfStep(FxRobot robot) throws Exception {
        awaitIdle();
        robot.interact(() -> app.stage().requestFocus());
        robot.type(KeyCode.HOME);
        assertEquals(0, app.session().frame().stepIndex());
        int steps = app.session().frame().steps().size();
        Set<StepKind> seen = EnumSet.noneOf(StepKind.class);
        for (int i = 1; i < steps; i++) {
            robot.type(KeyCode.RIGHT);
            assertEquals(i, app.session().frame().stepIndex());
            seen.add(app.session().frame().step().kind());
            assertTrue(fx(() -> app.stage().current() != null));
        }
        assertEquals(EnumSet.complementOf(EnumSet.of(StepKind.EMBEDDING)), seen);
        robot.type(KeyCode.RIGHT);
        assertEquals(steps - 1, app.session().frame().stepIndex(), "stops at the last step");
        for (int i = steps - 2; i >= 0; i--) {
            robot.type(KeyCode.LEFT);
            assertEquals(i, app.session().frame().stepIndex());
        }
        assertEquals(StepKind.EMBEDDING, app.session().frame().step().kind());
        robot.type(KeyCode.END);
        assertEquals(steps - 1, app.session().frame().stepIndex());
        int position = app.session().frame().position();
        robot.type(KeyCode.PAGE_UP);
        assertEquals(position - 1, app.session().frame().position());
        jumpTo(StepKind.ROUTER_BIAS, 1, 3);
        robot.type(KeyCode.DOWN);
        assertEquals(new PassStep(StepKind.ROUTER_BIAS, 2, 0), app.session().frame().step());
    }

    @Test
    void theCountersEqualTheArithmeticForTheExpertsActuallyChosen() throws Exception {
        awaitIdle();
        int position = 6;
        jumpTo(StepKind.EXPERTS, 2, position);
        SessionModel s = app.session();
        List<RouterStep> routers = s.frame().pass().all(RouterStep.class).stream()
                .filter(r -> r.layer() < s.config().numHiddenLayers()).toList();
        int[] perToken = routers.stream().mapToInt(r -> r.expertsOf(position).length).toArray();
        int[] union = routers.stream().mapToInt(r -> Arrays.stream(r.experts()).limit(position + 1)
                .flatMapToInt(Arrays::stream).boxed().collect(Collectors.toSet()).size()).toArray();
        CounterFigures f = fx(() -> app.counters().figures());
        assertEquals(ParameterCounter.touched(s.config(), perToken), f.activated());
        assertEquals(ParameterCounter.count(s.config()).activated(), f.activated(), "one token: 8 distinct experts per layer");
        assertEquals(ParameterCounter.touched(s.config(), union), f.touched());
        assertTrue(f.touched() > f.activated(), "seven tokens together touch more experts than one");
        assertEquals(ParameterCounter.count(s.config()).total(), f.total());
        assertEquals(37_552_297_472L, f.presetActivated());
        assertEquals(671_026_419_200L, f.presetTotal());
        assertEquals(KvCacheCounter.of(s.config()).mlaBytes(position + 1, CacheDType.BF16), f.mlaBytes());
        assertEquals(KvCacheCounter.of(s.config()).mhaBytes(position + 1, CacheDType.BF16), f.mhaBytes());
        List<String> texts = fx(() -> app.counters().texts());
        assertTrue(texts.get(0).contains(Format.count(f.activated())), texts.get(0));
        assertTrue(texts.get(3).contains("37.6B") && texts.get(3).contains("671B"), texts.get(3));
    }

    @Test
    void generatedTokensAreDecodedWithTheCacheAndCanBeStepped(FxRobot robot) throws Exception {
        awaitIdle();
        int prompt = app.session().sequenceLength();
        robot.clickOn("#generate");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> !app.busyProperty().get()
                && app.session().sequenceLength() == prompt + 8));
        jumpTo(StepKind.ATTENTION_SCORES, 1, prompt + 7);
        SessionModel.Frame f = app.session().frame();
        assertEquals(prompt + 7, f.pass().startPosition());
        AttentionStep a = f.pass().at(AttentionStep.class, 1).orElseThrow();
        assertEquals(1, a.attentionWeights().dim(1), "one new query");
        assertEquals(prompt + 8, a.attentionWeights().dim(2), "attending over the whole cache");
        assertSame(app.stage().current().getClass(), dev.dsv3viz.views.AttentionView.class);
    }

    @Test
    void exportWritesAPngOfTheStageAtTheChosenScale(@TempDir Path dir) throws Exception {
        awaitIdle();
        jumpTo(StepKind.ROUTER_TOP_K, 1, 4);
        Path file = dir.resolve("router.png");
        double[] size = fx(() -> new double[]{app.stage().getWidth(), app.stage().getHeight()});
        assertTrue(fx(() -> app.export(app.stage(), 2, file)));
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(Math.round(size[0] * 2), image.getWidth());
        assertEquals(Math.round(size[1] * 2), image.getHeight());
    }

    @Test
    void exportToAnUnwritableFolderSaysSoAndKeepsGoing(@TempDir Path dir) throws Exception {
        awaitIdle();
        Path missing = dir.resolve("no-such-folder").resolve("x.png");
        assertFalse(fx(() -> app.export(app.stage(), 1, missing)));
        assertTrue(app.statusText().startsWith("Could not save"), app.statusText());
        assertFalse(Files.exists(missing));
    }

    @Test
    void aBrokenCheckpointFolderIsReportedAndThePreviousModelKeepsWorking(@TempDir Path dir) throws Exception {
        awaitIdle();
        var before = app.session().config();
        Files.writeString(dir.resolve("config.json"), "{\"hidden_size\": \"wide\"}");
        fx(() -> {
            app.openCheckpoint(dir);
            return null;
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> !app.busyProperty().get()));
        String status = app.statusText();
        assertTrue(status.startsWith("Could not open") && status.contains("config.json"), status);
        assertTrue(status.endsWith("The previous model is still loaded."), status);
        assertSame(before, app.session().config());
        fx(() -> {
            app.run();
            return null;
        });
        awaitIdle();
        assertSame(before, app.session().config());
        assertTrue(app.statusText().startsWith("Forward pass over"), app.statusText());
    }

    @Test
    void anEmptyPromptExplainsItselfAndKeepsThePreviousPass(FxRobot robot) throws Exception {
        awaitIdle();
        SessionModel.Frame before = app.session().frame();
        robot.interact(() -> robot.lookup("#prompt").queryAs(TextField.class).setText(""));
        robot.clickOn("#run");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(app.statusText().startsWith("The prompt is empty"), app.statusText());
        assertSame(before, app.session().frame());
    }

    @Test
    void aPromptLongerThanTheContextIsRefusedWithTheFigures(FxRobot robot) throws Exception {
        awaitIdle();
        SessionModel.Frame before = app.session().frame();
        String longText = "And it came to pass. ".repeat(200);
        int tokens = app.session().tokenizer().encode(longText).length;
        assertTrue(tokens > app.session().config().maxPositionEmbeddings());
        robot.interact(() -> robot.lookup("#prompt").queryAs(TextField.class).setText(longText));
        robot.clickOn("#run");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("The prompt has " + Format.exact(tokens) + " tokens, but this model reads at most 512. Shorten it and run again.",
                app.statusText());
        assertSame(before, app.session().frame());
    }

    private static int[] sorted(int[] a) {
        int[] c = a.clone();
        Arrays.sort(c);
        return c;
    }
}
