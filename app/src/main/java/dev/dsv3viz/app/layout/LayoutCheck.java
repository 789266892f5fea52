package dev.dsv3viz.app.layout;

import dev.dsv3viz.app.HeadlessScreen;
import dev.dsv3viz.app.OffscreenWindow;
import dev.dsv3viz.app.PassStep;
import dev.dsv3viz.app.StepKind;
import dev.dsv3viz.app.layout.SceneInspection.SeenText;
import dev.dsv3viz.model.ModelException;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Lays the real window out off screen for every combination asked for (size, prompt length, language,
 * theme, window or presentation mode) and looks at the first step of each kind in each. Each size opens
 * the window (and the sample model) once and runs each prompt once; the rest is switching language, theme
 * and mode, stepping and laying out.
 */
public final class LayoutCheck {
    /** Window mode shows the stage among the window's panes; presentation mode (F5) shows it full screen. */
    public enum Mode {
        WINDOW, PRESENTATION;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Size(int width, int height) {
        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    /** The combinations to check: every one of each list with every one of the others. */
    public record Matrix(List<Size> sizes, List<Mode> modes, List<Locale> languages, List<String> themes,
                         List<Integer> prompts) {
        public Matrix {
            sizes = List.copyOf(sizes);
            modes = List.copyOf(modes);
            languages = List.copyOf(languages);
            themes = List.copyOf(themes);
            prompts = List.copyOf(prompts);
        }

        int views() {
            return sizes.size() * modes.size() * languages.size() * themes.size() * prompts.size() * StepKind.values().length;
        }
    }

    /**
     * The smallest a text may be on screen: issue 13's type scale for a projector, set for presentation
     * mode at 1920x1080 and larger (smaller screens have no target yet).
     */
    public record TypeScale(double text, double dense) {
        public static final TypeScale PROJECTOR = new TypeScale(24, 20);

        static TypeScale applying(Size size, Mode mode) {
            return mode == Mode.PRESENTATION && size.width() >= 1920 && size.height() >= 1080 ? PROJECTOR : null;
        }

        boolean tooSmall(SeenText t) {
            return t.px() < (t.role().isDense() ? dense : text);
        }
    }

    private LayoutCheck() {
    }

    /**
     * Runs the whole matrix; {@code progress} hears a line now and then. Each size gets a window of its
     * own, opened at that size (so what one size shows does not depend on the sizes before it), in which
     * each prompt runs once.
     */
    public static LayoutReport run(Matrix matrix, Consumer<String> progress) throws Exception {
        int screenWidth = matrix.sizes().stream().mapToInt(Size::width).max().orElseThrow();
        int screenHeight = matrix.sizes().stream().mapToInt(Size::height).max().orElseThrow();
        List<LayoutReport.View> views = new ArrayList<>();
        String text = PromptText.source();
        try (HeadlessScreen screen = HeadlessScreen.start(screenWidth, screenHeight)) {
            for (Size size : matrix.sizes()) {
                try (OffscreenWindow window = screen.open(size.width(), size.height())) {
                    for (int tokens : matrix.prompts()) {
                        String prompt = OffscreenWindow.onFx(() -> PromptText.cut(text, window.tokenizer(), tokens));
                        int ran = window.run(prompt);
                        if (ran != tokens) {
                            throw new ModelException("the prompt cut to " + tokens + " tokens ran as " + ran + ".");
                        }
                        Map<StepKind, Integer> stops = OffscreenWindow.onFx(() -> firstOfEachKind(window.steps()));
                        for (Locale language : matrix.languages()) {
                            OffscreenWindow.onFx(() -> {
                                window.language(language);
                                return null;
                            });
                            for (String theme : matrix.themes()) {
                                for (Mode mode : matrix.modes()) {
                                    Template template = new Template(size, mode, language, theme, tokens);
                                    // All steps in one go: no pulse between them repaints the off-screen window.
                                    views.addAll(OffscreenWindow.onFx(() -> {
                                        window.theme(theme);
                                        window.presenting(mode == Mode.PRESENTATION);
                                        return lookAtEach(window, stops, template);
                                    }));
                                }
                            }
                        }
                        progress.accept(String.format(Locale.ROOT, "checked %d of %d views (%s, prompt of %d tokens)",
                                views.size(), matrix.views(), size, tokens));
                    }
                }
            }
        }
        return new LayoutReport(matrix, views);
    }

    /** The settings shared by the steps looked at in one layout. */
    private record Template(Size size, Mode mode, Locale language, String theme, int tokens) {
    }

    private static List<LayoutReport.View> lookAtEach(OffscreenWindow window, Map<StepKind, Integer> stops, Template t) {
        List<LayoutReport.View> seen = new ArrayList<>();
        for (Map.Entry<StepKind, Integer> stop : stops.entrySet()) {
            int index = stop.getValue();
            seen.add(look(window, index, new LayoutReport.Setting(t.size().toString(), t.mode().key(),
                    t.language().getLanguage(), t.theme(), t.tokens(), stop.getKey().key(), index + 1,
                    window.steps().get(index).layer()), TypeScale.applying(t.size(), t.mode())));
        }
        return seen;
    }

    /** The first stop of each kind of step, by kind. */
    static Map<StepKind, Integer> firstOfEachKind(List<PassStep> steps) {
        Map<StepKind, Integer> first = new EnumMap<>(StepKind.class);
        for (int i = 0; i < steps.size(); i++) {
            first.putIfAbsent(steps.get(i).kind(), i);
        }
        return first;
    }

    private static LayoutReport.View look(OffscreenWindow window, int stop, LayoutReport.Setting setting, TypeScale scale) {
        window.jump(stop);
        Scene scene = window.scene();
        boolean presenting = setting.mode().equals(Mode.PRESENTATION.key());
        Node root = presenting ? scene.getRoot() : window.stage();
        scene.getRoot().applyCss();
        scene.getRoot().layout();
        Bounds viewport = presenting ? new BoundingBox(0, 0, scene.getWidth(), scene.getHeight())
                : window.stage().localToScene(window.stage().getLayoutBounds());
        SceneInspection seen = SceneInspector.inspect(root, viewport, presenting ? "the screen" : "the stage");
        return LayoutReport.View.of(setting, seen, scale);
    }
}
