package dev.dsv3viz.app.layout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dsv3viz.app.layout.SceneInspection.Clipped;
import dev.dsv3viz.app.layout.SceneInspection.LowContrast;
import dev.dsv3viz.app.layout.SceneInspection.Overlap;
import dev.dsv3viz.app.layout.SceneInspection.ScrollBarSeen;
import dev.dsv3viz.app.layout.SceneInspection.SeenText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** What the layout check found, view by view, with a summary per size and mode. */
public final class LayoutReport {
    /** Which view of which window was looked at. */
    public record Setting(String size, String mode, String lang, String theme, int promptTokens, String step, int stepNumber,
                          int layer) {
    }

    /**
     * One view's findings.
     *
     * @param smallestTextPx     the smallest text's size in screen pixels (null: no text)
     * @param smallestGridTextPx the same among grid numbers and axis labels
     * @param typeScale          the sizes texts must reach here, or null where none is set
     * @param tooSmall           the texts below it, smallest first
     */
    public record View(Setting setting, Double smallestTextPx, SeenText smallestText, Double smallestGridTextPx,
                       SeenText smallestGridText, LayoutCheck.TypeScale typeScale, List<SeenText> tooSmall,
                       List<Clipped> clipped, List<Overlap> overlapping, List<ScrollBarSeen> scrollBars,
                       List<LowContrast> contrast) {
        static View of(Setting setting, SceneInspection seen, LayoutCheck.TypeScale scale) {
            SeenText small = seen.smallest();
            SeenText dense = seen.smallestDense();
            List<SeenText> tooSmall = scale == null ? List.of()
                    : seen.texts().stream().filter(scale::tooSmall).sorted(Comparator.comparingDouble(SeenText::px))
                    .toList();
            return new View(setting, small == null ? null : small.px(), small, dense == null ? null : dense.px(), dense, scale,
                    tooSmall, seen.clipped(), seen.overlapping(), seen.scrollBars(), seen.lowContrast());
        }

        public int problems() {
            return tooSmall.size() + clipped.size() + overlapping.size() + scrollBars.size() + contrast.size();
        }
    }

    /** One line of the table: all views of one size and mode. */
    public record Summary(String size, String mode, Double smallestTextPx, Double smallestGridTextPx, Integer tooSmall,
                          int clipped, int overlapping, int scrollBars, int contrast, int views) {
    }

    private final LayoutCheck.Matrix matrix;
    private final List<View> views;

    public LayoutReport(LayoutCheck.Matrix matrix, List<View> views) {
        this.matrix = matrix;
        this.views = List.copyOf(views);
    }

    public List<View> views() {
        return views;
    }

    public int problems() {
        return views.stream().mapToInt(View::problems).sum();
    }

    public List<Summary> summary() {
        List<Summary> rows = new ArrayList<>();
        for (LayoutCheck.Size size : matrix.sizes()) {
            for (LayoutCheck.Mode mode : matrix.modes()) {
                List<View> of = views.stream().filter(v -> v.setting().size().equals(size.toString())
                        && v.setting().mode().equals(mode.key())).toList();
                if (of.isEmpty()) {
                    continue;
                }
                boolean scaled = LayoutCheck.TypeScale.applying(size, mode) != null;
                rows.add(new Summary(size.toString(), mode.key(), min(of, View::smallestTextPx),
                        min(of, View::smallestGridTextPx),
                        scaled ? count(of, View::tooSmall) : null, count(of, View::clipped), count(of, View::overlapping),
                        count(of, View::scrollBars), count(of, View::contrast), of.size()));
            }
        }
        return rows;
    }

    private static Double min(List<View> views, Function<View, Double> px) {
        return views.stream().map(px).filter(Objects::nonNull).min(Double::compare).orElse(null);
    }

    private static int count(List<View> views, Function<View, List<?>> found) {
        return views.stream().mapToInt(v -> found.apply(v).size()).sum();
    }

    /** The summary as a short table, a line per size and mode; problems are counted over all views. */
    public String table() {
        String row = "%-10s %-13s %9s %10s %10s %8s %12s %12s %9s%n";
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, row, "size", "mode", "smallest", "grid/axis", "too small",
                "clipped", "overlapping", "scroll bars", "contrast"));
        for (Summary r : summary()) {
            s.append(String.format(Locale.ROOT, row, r.size(), r.mode(), px(r.smallestTextPx()), px(r.smallestGridTextPx()),
                    r.tooSmall() == null ? "-" : r.tooSmall().toString(), r.clipped(), r.overlapping(), r.scrollBars(),
                    r.contrast()));
        }
        s.append(String.format(Locale.ROOT, "%d views: prompts of %s tokens, %d languages, %d themes, one step of each "
                        + "kind.%n", views.size(), matrix.prompts(), matrix.languages().size(), matrix.themes().size()));
        s.append(String.format(Locale.ROOT, "Text sizes are font sizes in screen pixels; \"too small\" is below %.0f px "
                        + "(%.0f px for grid numbers and axis labels), held in presentation at 1920x1080 and up.%n",
                LayoutCheck.TypeScale.PROJECTOR.text(), LayoutCheck.TypeScale.PROJECTOR.dense()));
        return s.toString();
    }

    private static String px(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f px", v);
    }

    /** Writes the matrix, the summary and every view's findings as JSON (through a temporary file). */
    public void writeJson(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("sizes", matrix.sizes().stream().map(LayoutCheck.Size::toString).toList());
        asked.put("modes", matrix.modes().stream().map(LayoutCheck.Mode::key).toList());
        asked.put("langs", matrix.languages().stream().map(Locale::getLanguage).toList());
        asked.put("themes", matrix.themes());
        asked.put("prompts", matrix.prompts());
        json.put("matrix", asked);
        json.put("problems", problems());
        json.put("summary", summary());
        json.put("views", views);
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".layout-", ".json");
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), json);
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
