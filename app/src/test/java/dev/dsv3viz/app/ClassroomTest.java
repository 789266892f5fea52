package dev.dsv3viz.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dsv3viz.views.Messages;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Presentation mode, lessons, slide export and the Chinese interface, driven through the window. */
class ClassroomTest extends WindowTest {
    /** Notation and names (including the font packages the CJK banner names) that stay as they are in every language. */
    private static final Pattern NOTATION = Pattern.compile(
            "DeepSeek-V\\d(-Lite)?|Kimi K2|tiny-v3|MLA|MHA|MLP|SwiGLU|RoPE|MoE|MTP|KV|RMSNorm|[A-Za-z]+_[A-Za-z]+|hnorm|enorm|Emb|"
                    + "Debian|Ubuntu|fonts-[a-z-]+|silu|softmax|sigmoid|logits?|KiB|MiB|GiB|bf16|Home|End|Esc|PageDown|PageUp|Ctrl|gate|up|"
                    + "\\b[A-Za-z]\\b");
    private static final Pattern WORD = Pattern.compile("[A-Za-z]{2,}");

    @AfterEach
    void english() throws Exception {
        fx(() -> {
            Messages.use(Locale.ENGLISH);
            return null;
        });
    }

    @Test
    void presentationModeHidesTheChromeAndTheClickerKeysMoveTheSteps(FxRobot robot) throws Exception {
        awaitIdle();
        robot.interact(() -> app.stage().requestFocus());
        robot.type(KeyCode.HOME);
        robot.type(KeyCode.F5);
        assertTrue(app.ui().isPresenting());
        assertTrue(robot.lookup("#prompt").tryQuery().isEmpty(), "the prompt bar is hidden");
        assertTrue(robot.lookup("#outline").tryQuery().isEmpty(), "the outline is hidden");
        assertTrue(robot.lookup("#caption").query().isVisible(), "a large caption is shown");
        robot.type(KeyCode.PAGE_DOWN);
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals(2, app.session().frame().stepIndex());
        robot.type(KeyCode.PAGE_UP);
        assertEquals(1, app.session().frame().stepIndex());
        robot.type(KeyCode.B);
        assertTrue(app.ui().isBlank());
        robot.type(KeyCode.PAGE_DOWN);
        assertFalse(app.ui().isBlank(), "the next click brings the picture back");
        assertEquals(1, app.session().frame().stepIndex(), "without moving on");
        robot.type(KeyCode.ESCAPE);
        assertFalse(app.ui().isPresenting());
        assertTrue(robot.lookup("#prompt").tryQuery().isPresent());
    }

    @Test
    void aLessonRunsItsPromptAndStepsThroughItsCaptions(FxRobot robot) throws Exception {
        awaitIdle();
        Lesson lesson = Lessons.load("eight-plus-one-experts");
        fx(() -> {
            app.play(lesson);
            return null;
        });
        awaitIdle();
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(app.ui().isPresenting());
        for (int i = 0; i < lesson.steps().size(); i++) {
            Lesson.Step step = lesson.steps().get(i);
            assertEquals(new PassStep(step.kind(), step.layer(), 0), app.session().frame().step(), "lesson step " + (i + 1));
            assertEquals(step.caption(Locale.ENGLISH), robot.lookup("#caption").queryLabeled().getText());
            robot.type(KeyCode.PAGE_DOWN);
        }
        robot.type(KeyCode.ESCAPE);
        assertFalse(app.ui().isPresenting());
    }

    @Test
    void exportingFiveStepsWritesFiveSlidesAManifestAndAFiveFrameGif(@TempDir Path dir) throws Exception {
        awaitIdle();
        Path gui = dir.resolve("gui");
        CompletableFuture<List<StepExporter.Entry>> done = fx(() -> app.exportSteps(
                new SlideSettings(2, 6, SlideSettings.Size.WIDE, 2, true, true, gui)));
        List<StepExporter.Entry> entries = done.get(120, TimeUnit.SECONDS);
        assertEquals(5, entries.size());
        for (int step = 3; step <= 7; step++) {
            BufferedImage png = ImageIO.read(gui.resolve(String.format("step-%03d.png", step)).toFile());
            assertEquals(1920, png.getWidth());
            assertEquals(1080, png.getHeight());
        }
        JsonNode manifest = new ObjectMapper().readTree(gui.resolve("manifest.json").toFile());
        assertEquals(5, manifest.get("pictures").size());
        assertEquals(3, manifest.get("pictures").get(0).get("step").asInt());
        assertEquals("attention.latent", manifest.get("pictures").get(0).get("kind").asText());
        assertEquals("steps.gif", manifest.get("gif").asText());
        try (ImageInputStream in = ImageIO.createImageInputStream(gui.resolve("steps.gif").toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(5, reader.getNumImages(true));
            assertEquals(1920, reader.getWidth(0));
        }
        try (var files = Files.list(gui)) {
            assertEquals(7, files.count(), "5 PNGs, the GIF and the manifest; no temporary files left");
        }

        Path cli = dir.resolve("cli");
        List<StepExporter.Entry> headless = HeadlessExport.run(new HeadlessExport.Request(null, dev.dsv3viz.model.nn.MlaMode.ABSORBED, VisualizerApp.DEFAULT_PROMPT,
                "3-7", -1, SlideSettings.Size.WIDE, 2, true, false, 1600, 900, "light", Locale.ENGLISH, cli));
        assertEquals(entries.size(), headless.size());
        for (StepExporter.Entry e : headless) {
            BufferedImage a = ImageIO.read(gui.resolve(e.file()).toFile());
            BufferedImage b = ImageIO.read(cli.resolve(e.file()).toFile());
            assertEquals(a.getWidth(), b.getWidth(), e.file());
            assertEquals(a.getHeight(), b.getHeight(), e.file());
        }
    }

    @Test
    void inChineseNoEnglishIsLeftInTheWindow() throws Exception {
        awaitIdle();
        StepStage replaced = app.stage();
        Node shownBefore = fx(replaced::current);
        fx(() -> {
            app.language(Locale.SIMPLIFIED_CHINESE);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        for (StepKind kind : List.of(StepKind.ATTENTION_LATENT, StepKind.ROUTER_TOP_K, StepKind.EXPERTS, StepKind.MTP_INPUT,
                StepKind.HEAD)) {
            fx(() -> {
                List<PassStep> steps = app.session().frame().steps();
                for (int i = 0; i < steps.size(); i++) {
                    if (steps.get(i).kind() == kind) {
                        app.session().jump(i);
                        break;
                    }
                }
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            List<String> english = fx(() -> {
                List<String> found = new ArrayList<>();
                englishIn(app.scene().getRoot(), found);
                return found;
            });
            assertTrue(english.isEmpty(), kind + ": English left in " + english);
        }
        assertEquals("DeepSeek-V3 可视化", fx(() -> ((Stage) app.scene().getWindow()).getTitle()));
        assertSame(shownBefore, fx(replaced::current), "the replaced English window no longer follows the steps");
        assertEquals("提示词：", fx(() -> ((javafx.scene.control.Label) app.scene().lookup("#prompt-label")).getText()),
                "the prompt is still text, not token ids");
        assertFalse(fx(() -> ((PipelineOutline) app.scene().lookup("#outline")).getRoot().getChildren().isEmpty()),
                "the new window's outline shows the pass at once");
    }

    /** Texts of visible nodes that still hold English words once token pieces and notation are set aside. */
    private static void englishIn(Node node, List<String> found) {
        if (!node.isVisible() || node.getStyleClass().contains("token-chip") || node.getStyleClass().contains("formula")
                || node instanceof javafx.scene.control.TextInputControl) {
            return;
        }
        String text = node instanceof Labeled l ? l.getText() : node instanceof Text t ? t.getText() : null;
        if (text != null) {
            String rest = NOTATION.matcher(text.replaceAll("\u201C[^\u201D]*\u201D", "")).replaceAll("");
            Matcher m = WORD.matcher(rest);
            if (m.find()) {
                found.add(text);
            }
        }
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                englishIn(child, found);
            }
        }
    }
}
