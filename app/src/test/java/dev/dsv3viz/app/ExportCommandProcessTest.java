package dev.dsv3viz.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The export command in its own JVM with no display at all, as on a CI machine or a server. */
class ExportCommandProcessTest {
    @Test
    void exportWorksWithNoDisplay(@TempDir Path out) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "dev.dsv3viz.app.Launcher", "export", "--prompt", "In the beginning God created", "--steps", "14-16",
                "--scale", "2", "--lang", "zh", "--captions", "--out", out.toString()));
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.redirectErrorStream(true);
        pb.redirectOutput(out.resolve("log.txt").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "export finished");
        String log = Files.readString(out.resolve("log.txt"));
        assertEquals(0, p.exitValue(), log);
        for (String file : List.of("step-014.png", "step-015.png", "step-016.png")) {
            BufferedImage png = ImageIO.read(out.resolve(file).toFile());
            assertEquals(1920, png.getWidth(), file);
            assertEquals(1080, png.getHeight(), file);
        }
        String manifest = Files.readString(out.resolve("manifest.json"));
        assertTrue(manifest.contains("\"language\" : \"zh\""), manifest);
        assertTrue(manifest.contains("路由"), "captions in Chinese: " + manifest);
    }
}
