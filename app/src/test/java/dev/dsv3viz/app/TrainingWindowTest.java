package dev.dsv3viz.app;

import dev.dsv3viz.model.training.TrainingLog;
import dev.dsv3viz.views.CurvesView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training view draws the shipped logs' own numbers, compares the γ = 0 run, and follows a live run. */
class TrainingWindowTest extends WindowTest {
    private static final Path SAMPLE = Path.of(System.getProperty("dsv3viz.samples", "../sample-weights"), "tiny-v3");

    private static double[] doubles(int[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static double[] doubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    @Test
    void theViewPlotsTheLogsOwnNumbersBesideTheRunWithoutBalancing(@TempDir Path dir) throws Exception {
        TrainingLog balanced = TrainingLog.read(SAMPLE.resolve("training-log.json"));
        TrainingLog off = TrainingLog.read(SAMPLE.resolve("training-log-no-balance.json"));
        TrainingWindow w = fx(app::openTrainingHistory);
        assertNotNull(w);
        for (int index : new int[]{0, 14, 40, balanced.entries().size() - 1}) {
            fx(() -> {
                w.show(index);
                return null;
            });
            TrainingLog.Entry e = balanced.entries().get(index);
            int layer = w.history().layer();
            assertArrayEquals(doubles(e.layers().get(layer).load()), w.mainRun().load(), "load at entry " + index);
            assertArrayEquals(doubles(e.layers().get(layer).bias()), w.mainRun().bias(), "bias at entry " + index);
            TrainingLog.Entry twin = off.entries().stream().filter(o -> o.step() <= e.step())
                    .reduce((a, b) -> b).orElse(off.entries().get(0));
            assertArrayEquals(doubles(twin.layers().get(layer).load()), w.comparedRun().load(), "γ = 0 load at step " + e.step());
            assertTrue(w.mainRun().spreadText().contains(dev.dsv3viz.views.Format.weight(
                    e.layers().get(layer).spread().maxOverMean())), w.mainRun().spreadText());
        }
        CurvesView.Series mainHead = w.losses().series().get(1);
        for (int i : new int[]{0, 30, 80}) {
            assertEquals(balanced.entries().get(i).step(), mainHead.x()[i]);
            assertEquals(balanced.entries().get(i).losses().get("ce.0"), mainHead.y()[i], 1e-12);
        }
        CurvesView.Series spreadOff = w.spread().series().get(1);
        TrainingLog.Entry lastOff = off.entries().get(off.entries().size() - 1);
        assertEquals(lastOff.layers().get(w.history().layer()).spread().maxOverMean(),
                spreadOff.y()[spreadOff.y().length - 1], 1e-12);

        Path gif = dir.resolve("training.gif");
        int frames = fx(() -> w.exportGif(gif, 0.5)).get(120, TimeUnit.SECONDS);
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(frames, reader.getNumImages(true));
            assertEquals(balanced.entries().size(), frames);
        }
    }

    @Test
    void followingAFolderShowsEachNewLogEntry(@TempDir Path run) throws Exception {
        TrainingWindow w = fx(app::openTrainingHistory);
        String full = Files.readString(SAMPLE.resolve("training-log.json"));
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(full);
        var steps = (com.fasterxml.jackson.databind.node.ArrayNode) json.get("steps");
        while (steps.size() > 3) {
            steps.remove(steps.size() - 1);
        }
        Files.writeString(run.resolve("training-log.json"), json.toString());
        fx(() -> {
            w.follow(run);
            return null;
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> w.history().size() == 3));
        steps.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(full).get("steps").get(3));
        Path tmp = run.resolve("partial");
        Files.writeString(tmp, json.toString());
        Files.setLastModifiedTime(tmp, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Files.move(tmp, run.resolve("training-log.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> w.history().size() == 4 && w.history().index() == 3));
    }
}
