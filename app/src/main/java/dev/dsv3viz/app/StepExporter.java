package dev.dsv3viz.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import javafx.scene.Node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A range of steps as numbered PNGs with a {@code manifest.json} naming each file's step, layer, token
 * and caption: pictures for slides, rendered by the same views as the window. Runs on the JavaFX thread.
 */
public final class StepExporter {
    /** One exported picture. */
    public record Entry(String file, int step, String kind, int layer, int depth, int position, String token,
                        String caption) {
    }

    private StepExporter() {
    }

    /**
     * Exports steps {@code from..to} (0-based, inclusive) of the selected token's pass.
     *
     * @param node   what to picture at each step (the stage, or the whole window)
     */
    public static List<Entry> export(SessionModel session, Node node, StepStage.TokenNames names, int from, int to,
                                     double scale, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Entry> entries = new ArrayList<>();
        int start = session.frame().stepIndex();
        try {
            for (int i = from; i <= to; i++) {
                session.jump(i);
                SessionModel.Frame f = session.frame();
                PassStep step = f.step();
                String file = String.format("step-%03d.png", i + 1);
                PngExport.write(PngExport.render(node, scale), dir.resolve(file));
                Explanations.Text text = Explanations.of(step, session.config(), f.pass().tokens().length,
                        f.pass().startPosition() + f.pass().tokens().length);
                entries.add(new Entry(file, i + 1, step.kind().key(), step.layer(), step.depth(), f.position(),
                        names.of(session.sequence()[f.position()]), text.title()));
            }
        } finally {
            session.jump(start);
        }
        writeManifest(dir, session, scale, entries);
        return entries;
    }

    private static void writeManifest(Path dir, SessionModel session, double scale, List<Entry> entries) throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("model", session.modelName());
        manifest.put("tokens", session.sequence());
        manifest.put("mla", session.mode().name().toLowerCase(java.util.Locale.ROOT));
        manifest.put("scale", scale);
        manifest.put("pictures", entries);
        Path tmp = Files.createTempFile(dir, ".manifest-", ".json");
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), manifest);
            Files.move(tmp, dir.resolve("manifest.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
