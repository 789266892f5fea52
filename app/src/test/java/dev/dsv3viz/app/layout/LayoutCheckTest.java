package dev.dsv3viz.app.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dsv3viz.app.StepKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layout check on the real window, narrowed to one combination (a 1-token prompt in presentation at
 * 1024x768, dark): every kind of step is looked at once, and what it reports holds together. (TestFX
 * starts JavaFX first, so the check keeps it running for the other window tests.)
 */
@ExtendWith(ApplicationExtension.class)
class LayoutCheckTest {
    @Test
    void everyKindOfStepIsLookedAtOnceAndReported(@TempDir Path dir) throws Exception {
        List<String> progress = new ArrayList<>();
        LayoutCheck.Matrix matrix = new LayoutCheck.Matrix(List.of(new LayoutCheck.Size(1024, 768)),
                List.of(LayoutCheck.Mode.PRESENTATION), List.of(Locale.ENGLISH), List.of("dark"), List.of(1));
        LayoutReport report = LayoutCheck.run(matrix, progress::add);

        assertEquals(Arrays.stream(StepKind.values()).map(StepKind::key).toList(),
                report.views().stream().map(v -> v.setting().step()).toList());
        for (LayoutReport.View v : report.views()) {
            assertNotNull(v.smallestText(), v.setting().toString());
            assertTrue(v.smallestTextPx() >= 8 && v.smallestTextPx() <= 40, v.toString());
            assertEquals(1, v.setting().promptTokens());
            assertNull(v.typeScale(), "no type scale is set below 1920x1080");
        }
        assertEquals(List.of("checked 15 of 15 views (1024x768, prompt of 1 tokens)"), progress);
        LayoutReport.Summary row = report.summary().get(0);
        assertEquals(15, row.views());
        assertTrue(report.table().startsWith("size "), report.table());
        assertTrue(report.table().contains("1024x768   presentation"), report.table());

        Path json = dir.resolve("layout.json");
        report.writeJson(json);
        JsonNode written = new ObjectMapper().readTree(json.toFile());
        assertEquals(15, written.get("views").size());
        assertEquals(report.problems(), written.get("problems").asInt());
        assertEquals(row.clipped(), written.get("summary").get(0).get("clipped").asInt());
    }
}
