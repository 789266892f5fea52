package dev.dsv3viz.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dsv3viz.model.config.ConfigReader;
import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.count.ParameterCount;
import dev.dsv3viz.model.count.ParameterCounter;
import dev.dsv3viz.model.io.CheckpointLoader;
import dev.dsv3viz.model.io.SafeTensorsWriter;
import dev.dsv3viz.model.io.TensorStore;
import dev.dsv3viz.model.trace.MtpInputStep;
import dev.dsv3viz.model.trace.OutputStep;
import dev.dsv3viz.views.CounterFigures;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A checkpoint without MTP modules ({@code num_nextn_predict_layers} 0, as DeepSeek-V2, Kimi K2 and V3
 * converted without its MTP layer ship) opened in the window: no MTP anywhere, every step drawn.
 */
class NoMtpWindowTest extends WindowTest {
    /**
     * The sample model without its MTP modules: its config with {@code num_nextn_predict_layers} 0, the
     * tensors such a config names copied from the sample checkpoint, and its tokenizer.
     */
    static ModelConfig writeNoMtpCheckpoint(Path dir) throws IOException {
        Path sample = Engine.sampleDir();
        assertNotNull(sample, "the sample model is in the repository");
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(sample.resolve("config.json").toFile());
        json.put("num_nextn_predict_layers", 0);
        String text = json.toPrettyString();
        ModelConfig config = ConfigReader.parse(text);
        Files.writeString(dir.resolve("config.json"), text, StandardCharsets.UTF_8);
        TensorStore weights = TensorStore.open(sample);
        SafeTensorsWriter out = new SafeTensorsWriter();
        CheckpointLoader.expectedTensors(config).keySet().forEach(name -> out.put(name, weights.floats(name), weights.shape(name)));
        out.write(dir.resolve("model.safetensors"));
        Files.copy(sample.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        return config;
    }

    private ModelConfig open(Path dir) throws Exception {
        ModelConfig config = writeNoMtpCheckpoint(dir);
        awaitIdle();
        fx(() -> {
            app.openCheckpoint(dir);
            return null;
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> !app.busyProperty().get() && app.session().frame() != null
                && app.session().config().numNextnPredictLayers() == 0));
        WaitForAsyncUtils.waitForFxEvents();
        return config;
    }

    @Test
    void everyStepIsDrawnAndNothingSpeaksOfMtp(@TempDir Path dir) throws Exception {
        ModelConfig config = open(dir);
        assertTrue(app.statusText().startsWith("Forward pass over 14 tokens done"), app.statusText());
        SessionModel.Frame first = app.session().frame();
        assertTrue(first.pass().all(MtpInputStep.class).isEmpty());
        assertEquals(List.of(0), first.pass().all(OutputStep.class).stream().map(OutputStep::depth).toList(), "the main head only");
        List<PassStep> steps = first.steps();
        assertTrue(steps.stream().noneMatch(s -> s.kind() == StepKind.MTP_INPUT || s.depth() > 0), steps.toString());
        assertEquals(StepKind.HEAD, steps.get(steps.size() - 1).kind());

        List<String> outline = fx(() -> {
            List<String> rows = new ArrayList<>();
            for (TreeItem<PipelineOutline.Entry> group : ((PipelineOutline) app.scene().lookup("#outline")).getRoot().getChildren()) {
                rows.add(group.getValue().text());
                group.getChildren().forEach(leaf -> rows.add(leaf.getValue().text()));
            }
            return rows;
        });
        assertTrue(outline.stream().noneMatch(r -> r.contains("MTP")), outline.toString());
        assertEquals(steps.size() + config.numHiddenLayers(), outline.size(), "a heading per layer and a row per step");

        ParameterCount count = ParameterCounter.count(config);
        assertEquals(0, count.mtpUnique());
        assertEquals(0, count.mtpActivated());
        for (int i = 0; i < steps.size(); i++) {
            int index = i;
            fx(() -> {
                app.session().jump(index);
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            String where = steps.get(i).toString();
            assertSame(first.pass(), fx(() -> app.stage().shownPass()), where);
            assertFalse(fx(() -> app.stage().showsFailure()), where + ": " + app.statusText());
            assertTrue(fx(() -> app.scene().lookup("#tokens").lookupAll(".ghost-token").isEmpty()), where + ": no MTP guesses");
            List<String> mtp = fx(() -> {
                List<String> found = new ArrayList<>();
                textsSaying("MTP", app.scene().getRoot(), found);
                return found;
            });
            assertTrue(mtp.isEmpty(), where + ": the window speaks of MTP in " + mtp);
            CounterFigures f = fx(() -> app.counters().figures());
            assertEquals(count.total(), f.total(), where);
            assertEquals(count.activated(), f.activated(), where + ": every token uses 8 experts per MoE layer");
        }
        assertQuietConsole();
    }

    @Test
    void itGeneratesAndExportsItsLastSteps(@TempDir Path dir, @TempDir Path slides) throws Exception {
        open(dir);
        fx(() -> {
            app.generate();
            return null;
        });
        int prompt = 14;
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> !app.busyProperty().get()
                && app.session().sequenceLength() == prompt + 8));
        fx(() -> {
            app.session().select(prompt + 3);
            app.session().last();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(StepKind.HEAD, app.session().frame().step().kind());
        assertFalse(fx(() -> app.stage().showsFailure()), app.statusText());

        fx(() -> {
            app.session().select(prompt - 1);
            return null;
        });
        int last = app.session().frame().steps().size() - 1;
        CompletableFuture<List<StepExporter.Entry>> done = fx(() -> app.exportSteps(
                new SlideSettings(last - 2, last, SlideSettings.Size.STANDARD, 1, true, false, slides)));
        List<StepExporter.Entry> entries = done.get(120, TimeUnit.SECONDS);
        assertEquals(List.of("experts", "combine", "head"), entries.stream().map(StepExporter.Entry::kind).toList());
        JsonNode manifest = new ObjectMapper().readTree(slides.resolve("manifest.json").toFile());
        assertEquals(3, manifest.get("pictures").size());
        assertTrue(Files.isRegularFile(slides.resolve(String.format(Locale.ROOT, "step-%03d.png", last + 1))));
        assertQuietConsole();
    }

    @Test
    void aLessonStepOfAKindTheModelLacksIsSaidInWords(@TempDir Path dir, FxRobot robot) throws Exception {
        open(dir);
        Lesson lesson = Lessons.parse(("{\"title\": \"MTP\", \"prompt\": \"And God said, Let there be light\", \"steps\": ["
                + "{\"kind\": \"head\", \"caption\": \"The main head.\"},"
                + "{\"kind\": \"mtp.input\", \"caption\": \"The first MTP module.\"},"
                + "{\"kind\": \"router.top.k\", \"layer\": 9, \"caption\": \"A layer this model does not have.\"},"
                + "{\"kind\": \"mlp\", \"layer\": 0, \"caption\": \"The dense layer.\"}]}").getBytes(StandardCharsets.UTF_8), "mtp.json");
        fx(() -> {
            app.play(lesson);
            return null;
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> !app.busyProperty().get()
                && app.session().sequenceLength() == app.session().tokenizer().encode(lesson.prompt()).length));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("The main head.", caption());
        PassStep head = app.session().frame().step();
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals("Lesson step 2 shows \u201CMTP input\u201D, but the loaded model has no such step; the stage stays where"
                + " it was. Go on to the next step.", caption());
        assertEquals(head, app.session().frame().step());
        assertFalse(fx(() -> app.stage().showsFailure()));
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals("Lesson step 3 shows \u201CTop-k experts\u201D in layer 9, but the loaded model has no such step there;"
                + " the stage stays where it was. Go on to the next step.", caption());
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals("The dense layer.", caption());
        assertEquals(new PassStep(StepKind.MLP, 0, 0), app.session().frame().step());
        robot.type(KeyCode.PAGE_UP);
        fx(() -> {
            app.language(Locale.SIMPLIFIED_CHINESE);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(caption().startsWith("\u8BFE\u7A0B\u7B2C 3 \u6B65"), caption());
        fx(() -> {
            app.language(Locale.ENGLISH);
            return null;
        });
        robot.type(KeyCode.ESCAPE);
        awaitIdle();
        assertFalse(app.ui().isPresenting());
        assertQuietConsole();
    }

    /** The texts of visible labels and text nodes that contain {@code word}. */
    private static void textsSaying(String word, Node node, List<String> found) {
        if (!node.isVisible()) {
            return;
        }
        String text = node instanceof Labeled l ? l.getText() : node instanceof Text t ? t.getText() : null;
        if (text != null && text.contains(word)) {
            found.add(text);
        }
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                textsSaying(word, child, found);
            }
        }
    }

    private String caption() throws Exception {
        return fx(() -> ((Label) app.scene().lookup("#caption")).getText());
    }
}
