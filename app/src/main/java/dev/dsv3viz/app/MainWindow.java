package dev.dsv3viz.app;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.trace.OutputStep;
import dev.dsv3viz.views.CountersView;
import dev.dsv3viz.views.ExplanationPanel;
import dev.dsv3viz.views.Messages;
import dev.dsv3viz.views.TokenStrip;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The window's nodes in the current language: the prompt bar, the outline, the stage with its title and
 * transport, the explanation and counters, the token strip and the status line; in presentation mode
 * only the stage, a caption and the transport. It draws the session's frame and forwards the user's
 * commands to {@link Actions}; it does no model work. A language switch builds a new one from the
 * old one's {@link Settings}.
 */
final class MainWindow {
    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");

    /** What the window's commands do. */
    interface Actions {
        void run();

        void generate();

        void cancel();

        void openCheckpoint();

        void exportPicture(boolean wholeWindow);

        void exportSteps();

        void openLesson();

        void playLesson(String name);

        void theme(String theme);

        void language(Locale locale);

        void presentation(boolean on);

        void trainingHistory();

        void quit();
    }

    /** The user's choices, carried over when the window is rebuilt in another language. */
    record Settings(String prompt, MlaMode mode, int count, String sampling, String preset, int head, double exportScale,
                    String theme, Locale language, boolean textPrompt) {
        static Settings initial(MlaMode mode) {
            return new Settings("", mode, 8, "greedy", "deepseek-v3", 0, 2, "light", Messages.locale(), true);
        }
    }

    private final SessionModel session;
    private final Actions actions;
    private final Function<Integer, String> tokenText;
    private final TextField prompt = new TextField();
    private final Label promptLabel = new Label();
    private final Button run = new Button(Messages.get("action.run"));
    private final Button generate = new Button(Messages.get("action.generate"));
    private final Spinner<Integer> count = new Spinner<>(1, 64, 8);
    private final ChoiceBox<String> sampling = new ChoiceBox<>();
    private final ChoiceBox<MlaMode> mode = new ChoiceBox<>();
    private final Spinner<Integer> head = new Spinner<>(0, 0, 0);
    private final ChoiceBox<String> preset = new ChoiceBox<>();
    private final Label banner = new Label();
    private final Label status = new Label();
    private final ProgressIndicator progress = new ProgressIndicator();
    private final Button cancel = new Button(Messages.get("action.cancel"));
    private final Label stepTitle = new Label();
    private final Label caption = new Label();
    private final ExplanationPanel explanation = new ExplanationPanel();
    private final CountersView counters = new CountersView();
    private final TokenStrip tokens = new TokenStrip();
    private final StepStage stage;
    private final Transport transport;
    private final ToggleGroup scaleGroup = new ToggleGroup();
    private final Region blank = new Region();
    private final VBox top;
    private final ProportionalSplit split;
    private final BorderPane centre;
    private final VBox bottom;
    private final BorderPane frame;
    private final StackPane root;
    private final PipelineOutline outline;
    private String theme;
    private final Locale language;
    private final javafx.beans.value.ChangeListener<SessionModel.Frame> onFrame = (o, was, f) -> redraw();
    private ModelConfig presetConfig;
    private boolean presenting;
    private String lessonCaption;
    /** Whether the prompt is text (the model has a tokenizer) rather than token ids. */
    private boolean textPrompt;

    MainWindow(SessionModel session, Actions actions, Settings settings, ReadOnlyBooleanProperty busy,
               Function<Integer, String> tokenText) {
        this.session = session;
        this.actions = actions;
        this.tokenText = tokenText;
        this.theme = settings.theme();
        this.language = settings.language();
        stage = new StepStage(tokenText::apply);
        transport = new Transport(session);
        outline = new PipelineOutline(session);
        outline.setId("outline");

        Label headLabel = new Label(Messages.get("head.label"));
        headLabel.setMinWidth(Region.USE_PREF_SIZE);
        head.setMinWidth(Region.USE_PREF_SIZE);
        // Three digits wide in any type size: presentation mode's larger type needs a wider box.
        head.getEditor().setPrefColumnCount(3);
        head.setTooltip(new Tooltip(Messages.get("head.tip")));
        preset.getItems().setAll(Presets.ALL.stream().filter(p -> !p.equals(Presets.SAMPLE)).toList());
        preset.setConverter(Converters.showing(p -> Messages.get("preset." + p)));
        preset.setTooltip(new Tooltip(Messages.get("preset.tip")));
        preset.setValue(settings.preset());
        presetConfig = Presets.load(settings.preset());
        preset.valueProperty().addListener((o, was, now) -> {
            presetConfig = Presets.load(now);
            redraw();
        });
        HBox presetRow = new HBox(6, new Label(Messages.get("preset.label")), preset);
        presetRow.setAlignment(Pos.CENTER_LEFT);
        counters.addControl(presetRow);
        counters.setId("counters");

        centre = new BorderPane(stage);
        stepTitle.getStyleClass().add("step-title");
        stepTitle.setId("step-title");
        caption.getStyleClass().add("presentation-caption");
        caption.setId("caption");
        caption.setWrapText(true);
        caption.setMaxWidth(Double.MAX_VALUE);
        // The head to show sits beside the step's title rather than in the transport, which would otherwise
        // leave too little of a small window to the outline and the counters.
        stepTitle.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(stepTitle, Priority.ALWAYS);
        HBox titleRow = new HBox(8, stepTitle, headLabel, head);
        titleRow.setAlignment(Pos.BASELINE_LEFT);
        titleRow.setPadding(new Insets(0, 8, 0, 0));
        centre.setTop(titleRow);
        centre.setBottom(new VBox(caption, transport));
        centre.getStyleClass().add("centre");
        BorderPane.setMargin(stage, new Insets(8, 4, 8, 4));
        stage.setMinSize(0, 0);
        caption.setVisible(false);
        caption.setManaged(false);

        ScrollPane explain = new ScrollPane(explanation);
        explain.setFitToWidth(true);
        explain.getStyleClass().add("explanation-scroll");
        VBox right = new VBox(12, explain, counters);
        VBox.setVgrow(explain, Priority.ALWAYS);
        right.getStyleClass().add("side-panel");
        split = new ProportionalSplit(new double[]{0.17, 0.73}, outline, centre, right);

        status.setId("status");
        status.getStyleClass().add("status");
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        progress.setPrefSize(22, 22);
        progress.visibleProperty().bind(busy);
        cancel.setId("cancel");
        cancel.visibleProperty().bind(busy);
        cancel.setOnAction(e -> actions.cancel());
        HBox statusBar = new HBox(8, progress, status, cancel);
        statusBar.getStyleClass().add("status-bar");
        tokens.setId("tokens");
        tokens.setOnSelect(session::select);
        bottom = new VBox(tokens, statusBar);

        banner.getStyleClass().add("banner");
        banner.setId("banner");
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.setWrapText(true);
        banner(null);
        top = new VBox(menus(settings), toolbar(settings));
        top.getChildren().add(banner);

        frame = new BorderPane(split, top, null, bottom, null) {
            @Override
            protected void layoutChildren() {
                fitCounters(right);
                super.layoutChildren();
            }
        };
        frame.getStyleClass().add("window");
        blank.getStyleClass().add("blank-screen");
        blank.setId("blank");
        blank.setVisible(false);
        root = new StackPane(frame, blank);
        root.getStyleClass().add("window-root");
        head.valueProperty().addListener((o, was, now) -> session.headProperty().set(now));
        session.frameProperty().addListener(onFrame);
        prompt.setText(settings.prompt());
        textPrompt = settings.textPrompt();
        promptLabel.setText(Messages.get(textPrompt ? "prompt.label" : "prompt.ids"));
        if (session.config() != null) {
            headRange(session.config().numAttentionHeads(), settings.head());
        }
    }

    private MenuBar menus(Settings settings) {
        MenuItem open = new MenuItem(Messages.get("menu.open"));
        open.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        open.setOnAction(e -> actions.openCheckpoint());
        MenuItem openLesson = new MenuItem(Messages.get("menu.lesson.open"));
        openLesson.setOnAction(e -> actions.openLesson());
        MenuItem exportStage = new MenuItem(Messages.get("menu.export.stage"));
        exportStage.setAccelerator(KeyCombination.keyCombination("Shortcut+E"));
        exportStage.setOnAction(e -> actions.exportPicture(false));
        MenuItem exportWindow = new MenuItem(Messages.get("menu.export.window"));
        exportWindow.setOnAction(e -> actions.exportPicture(true));
        MenuItem exportSteps = new MenuItem(Messages.get("menu.export.steps"));
        exportSteps.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+E"));
        exportSteps.setOnAction(e -> actions.exportSteps());
        Menu scale = new Menu(Messages.get("menu.export.scale"));
        for (int s = 1; s <= 3; s++) {
            RadioMenuItem item = new RadioMenuItem(s + "\u00D7");
            item.setUserData((double) s);
            item.setToggleGroup(scaleGroup);
            item.setSelected(s == (int) settings.exportScale());
            scale.getItems().add(item);
        }
        MenuItem quit = new MenuItem(Messages.get("menu.quit"));
        quit.setOnAction(e -> actions.quit());
        Menu file = new Menu(Messages.get("menu.file"), null, open, openLesson, new SeparatorMenuItem(),
                exportStage, exportWindow, exportSteps, scale, new SeparatorMenuItem(), quit);

        Menu view = new Menu(Messages.get("menu.view"));
        MenuItem present = new MenuItem(Messages.get("menu.presentation"));
        present.setAccelerator(KeyCombination.keyCombination("F5"));
        present.setOnAction(e -> actions.presentation(true));
        MenuItem training = new MenuItem(Messages.get("menu.training"));
        training.setOnAction(e -> actions.trainingHistory());
        view.getItems().addAll(present, training, new SeparatorMenuItem());
        ToggleGroup themes = new ToggleGroup();
        for (String t : List.of("light", "dark", "high-contrast")) {
            RadioMenuItem item = new RadioMenuItem(Messages.get("menu.theme." + t));
            item.setToggleGroup(themes);
            item.setSelected(t.equals(theme));
            item.setOnAction(e -> {
                theme = t;
                actions.theme(t);
            });
            view.getItems().add(item);
        }
        view.getItems().add(new SeparatorMenuItem());
        ToggleGroup languages = new ToggleGroup();
        for (Locale l : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
            // Each language is named in itself, so that someone who reads only that one can find it.
            RadioMenuItem item = new RadioMenuItem(l.equals(Locale.ENGLISH) ? "English" : "\u7B80\u4F53\u4E2D\u6587");
            item.setId("language-" + l.toLanguageTag());
            item.setToggleGroup(languages);
            item.setSelected(l.getLanguage().equals(language.getLanguage()));
            item.setOnAction(e -> actions.language(l));
            view.getItems().add(item);
        }

        Menu lessons = new Menu(Messages.get("menu.lessons"));
        for (String name : Lessons.SHIPPED) {
            MenuItem item = new MenuItem(Lessons.load(name).title(language));
            item.setOnAction(e -> actions.playLesson(name));
            lessons.getItems().add(item);
        }
        MenuItem keys = new MenuItem(Messages.get("menu.keys"));
        keys.setOnAction(e -> {
            Alert a = new Alert(Alert.AlertType.INFORMATION, Messages.get("help.keys"));
            a.setTitle(Messages.get("menu.keys"));
            a.setHeaderText(Messages.get("menu.keys"));
            Dialogs.show(a, root.getScene().getWindow());
        });
        return new MenuBar(file, view, lessons, new Menu(Messages.get("menu.help"), null, keys));
    }

    private Node toolbar(Settings settings) {
        prompt.setId("prompt");
        promptLabel.setId("prompt-label");
        prompt.setPromptText(Messages.get("prompt.hint"));
        prompt.setOnAction(e -> actions.run());
        prompt.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.requestFocus();
            }
        });
        HBox.setHgrow(prompt, Priority.ALWAYS);
        run.setId("run");
        run.setOnAction(e -> actions.run());
        generate.setId("generate");
        generate.setOnAction(e -> actions.generate());
        count.getValueFactory().setValue(settings.count());
        count.setPrefWidth(76);
        count.setTooltip(new Tooltip(Messages.get("generate.count.tip")));
        sampling.getItems().setAll("greedy", "sampled");
        sampling.setValue(settings.sampling());
        sampling.setConverter(Converters.showing(s -> Messages.get("sampling." + s)));
        mode.getItems().setAll(MlaMode.values());
        mode.setValue(settings.mode());
        mode.setId("mode");
        mode.setConverter(Converters.showing(m -> Messages.get("mode." + m.name().toLowerCase(Locale.ROOT))));
        mode.setTooltip(new Tooltip(Messages.get("mode.tip")));
        mode.valueProperty().addListener((o, was, now) -> actions.run());
        Label modeLabel = new Label(Messages.get("mode.label"));
        HBox bar = new HBox(8, promptLabel, prompt, run, new Separator(Orientation.VERTICAL),
                generate, count, sampling, new Separator(Orientation.VERTICAL), modeLabel, mode);
        for (Node n : bar.getChildren()) {
            if (n instanceof Region r && n != prompt) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        bar.getStyleClass().add("prompt-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    /**
     * Makes the side panel wide enough for the counters' figures to be read whole, as long as the window
     * leaves that much beside the outline and the stage's controls; a smaller window shortens them.
     */
    private void fitCounters(Region side) {
        // The window's width: the frame and the split pane are as wide as their minimum when that is more.
        double room = root.getWidth() - frame.snappedLeftInset() - frame.snappedRightInset() - split.snappedLeftInset()
                - split.snappedRightInset() - split.dividerWidths() - outline.minWidth(-1) - centre.minWidth(-1)
                - side.snappedLeftInset() - side.snappedRightInset();
        counters.setMinWidth(Math.max(0, Math.min(counters.prefWidth(-1), Math.floor(room))));
    }

    /**
     * Detaches this window from the session, which outlives it: a window rebuilt in another language
     * must not leave the old one redrawing, unseen, at every step.
     */
    void dispose() {
        session.frameProperty().removeListener(onFrame);
        outline.dispose();
        transport.dispose();
    }

    /** Where the outline and the side panel end now, as fractions of the split pane's width. */
    double[] dividers() {
        return split.getDividerPositions();
    }

    /** Where the user put the outline's and the side panel's ends, as fractions kept at any window size. */
    double[] paneShares() {
        return split.shares();
    }

    void paneShares(double[] shares) {
        split.shares(shares);
    }

    Parent root() {
        return root;
    }

    Settings settings() {
        return new Settings(prompt.getText(), mode.getValue(), count.getValue(), sampling.getValue(), preset.getValue(),
                head.getValue(), exportScale(), theme, language, textPrompt);
    }

    String promptText() {
        return prompt.getText();
    }

    void setPrompt(String text, boolean textPrompt) {
        this.textPrompt = textPrompt;
        prompt.setText(text);
        promptLabel.setText(Messages.get(textPrompt ? "prompt.label" : "prompt.ids"));
    }

    MlaMode mode() {
        return mode.getValue();
    }

    int count() {
        return count.getValue();
    }

    boolean greedy() {
        return sampling.getValue().equals("greedy");
    }

    double exportScale() {
        return scaleGroup.getSelectedToggle() == null ? 1 : (Double) scaleGroup.getSelectedToggle().getUserData();
    }

    String presetName() {
        return Messages.get("preset." + preset.getValue());
    }

    ModelConfig presetConfig() {
        return presetConfig;
    }

    StepStage stage() {
        return stage;
    }

    CountersView counters() {
        return counters;
    }

    Transport transport() {
        return transport;
    }

    void headRange(int heads, int value) {
        head.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, heads - 1, Math.min(value, heads - 1)));
    }

    void busy(boolean on) {
        run.setDisable(on || session.config() == null);
        generate.setDisable(on || session.frame() == null);
    }

    void status(String text, boolean error) {
        status.setText(text);
        status.pseudoClassStateChanged(ERROR, error);
    }

    String statusText() {
        return status.getText();
    }

    boolean statusIsError() {
        return status.getPseudoClassStates().contains(ERROR);
    }

    void banner(String text) {
        banner.setText(text == null ? "" : text);
        banner.setVisible(text != null);
        banner.setManaged(text != null);
    }

    void focusStage() {
        stage.requestFocus();
    }

    /**
     * Presentation mode: only the stage, a large caption and the transport remain, in large type; the
     * caption is the lesson's words when a lesson plays, else the step's explanation.
     */
    void presenting(boolean on) {
        presenting = on;
        frame.setTop(on ? null : top);
        frame.setBottom(on ? null : bottom);
        frame.setCenter(on ? centre : split);
        if (!on) {
            split.getItems().set(1, centre);
            blank(false);
        }
        root.pseudoClassStateChanged(PseudoClass.getPseudoClass("presenting"), on);
        caption.setVisible(on);
        caption.setManaged(on);
        redraw();
    }

    boolean isPresenting() {
        return presenting;
    }

    void blank(boolean on) {
        blank.setVisible(on);
    }

    boolean isBlank() {
        return blank.isVisible();
    }

    /** The teacher's words for the current lesson step, or null outside a lesson. */
    void lessonCaption(String text) {
        if (!java.util.Objects.equals(text, lessonCaption)) {
            lessonCaption = text;
            redraw();
        }
    }

    /**
     * Draws the session's frame: stage, title, explanation, counters and token strip. A part that fails
     * is reported in the stage's place and in the status line; the rest is drawn, and the outline,
     * transport and buttons keep working.
     */
    void redraw() {
        SessionModel.Frame f = session.frame();
        if (f == null) {
            return;
        }
        try {
            stage.show(session);
        } catch (RuntimeException e) {
            failed(f, e);
        }
        try {
            ModelConfig c = session.config();
            Explanations.Text text = Explanations.of(f.step(), c, f.pass().tokens().length,
                    f.pass().startPosition() + f.pass().tokens().length);
            explanation.show(text.title(), text.body(), text.formula(), text.shapes());
            stepTitle.setText(Messages.get("step.heading", f.stepIndex() + 1, f.steps().size(), text.title(),
                    tokenText.apply(session.sequence()[f.position()]), f.position()));
            caption.setText(lessonCaption != null ? lessonCaption : text.body());
            counters.show(Counters.figures(session, presetName(), presetConfig));
            showTokens(f);
        } catch (RuntimeException e) {
            failed(f, e);
        }
    }

    private void failed(SessionModel.Frame f, RuntimeException e) {
        String message = Messages.get("error.step", f.stepIndex() + 1, Messages.get("outline." + f.step().kind().key()),
                e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        stage.showFailure(message);
        status(message, true);
    }

    private void showTokens(SessionModel.Frame f) {
        int[] sequence = session.sequence();
        List<TokenStrip.Chip> chips = new ArrayList<>();
        for (int i = 0; i < sequence.length; i++) {
            chips.add(new TokenStrip.Chip(tokenText.apply(sequence[i]), sequence[i], i >= session.promptLength()));
        }
        List<TokenStrip.Guess> next = new ArrayList<>();
        OutputStep main = f.pass().head(0).orElseThrow();
        int[] top5 = main.topTokens()[f.row()];
        for (int j = 0; j < Math.min(5, top5.length); j++) {
            next.add(guess(1, top5[j], main.topProbabilities().get(f.row(), j), sequence, f.position() + 1));
        }
        List<TokenStrip.Guess> ghosts = new ArrayList<>();
        for (OutputStep mtp : f.pass().all(OutputStep.class)) {
            if (mtp.depth() > 0) {
                ghosts.add(guess(mtp.depth() + 1, mtp.topTokens()[f.row()][0], mtp.topProbabilities().get(f.row(), 0),
                        sequence, f.position() + mtp.depth() + 1));
            }
        }
        tokens.show(chips, f.position(), next, ghosts);
    }

    private TokenStrip.Guess guess(int ahead, int id, float p, int[] sequence, int truthAt) {
        boolean known = truthAt < sequence.length;
        return new TokenStrip.Guess(ahead, tokenText.apply(id), p, known ? tokenText.apply(sequence[truthAt]) : null,
                known && sequence[truthAt] == id);
    }
}
