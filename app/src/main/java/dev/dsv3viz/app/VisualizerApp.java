package dev.dsv3viz.app;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.generate.SamplingOptions;
import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.tokenizer.Tokenizer;
import dev.dsv3viz.model.trace.OutputStep;
import dev.dsv3viz.views.CountersView;
import dev.dsv3viz.views.ExplanationPanel;
import dev.dsv3viz.views.Messages;
import dev.dsv3viz.views.TokenStrip;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
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
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The window: a prompt bar, the pipeline outline, the stage with the current step's view and the
 * transport under it, the explanation and live counters on the right, and the token strip below. All
 * model work goes to the {@link ModelRunner}'s thread; results come back as immutable traces.
 */
public final class VisualizerApp extends Application {
    static final String DEFAULT_PROMPT = "And God said, Let there be light: and there was light.";
    private static final String THEMES = "/dev/dsv3viz/themes/";

    private final ModelRunner runner;
    /** The sample model, loading since launch (null in tests and exports, which start their own). */
    private static CompletableFuture<ModelRunner.Loaded> early;
    private static ModelRunner earlyRunner;
    private final SessionModel session = new SessionModel();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final TextField prompt = new TextField();
    private final Label promptLabel = new Label();
    private final Button run = new Button();
    private final Button generate = new Button();
    private final Spinner<Integer> count = new Spinner<>(1, 64, 8);
    private final ChoiceBox<String> sampling = new ChoiceBox<>();
    private final ChoiceBox<MlaMode> mode = new ChoiceBox<>();
    private final Spinner<Integer> head = new Spinner<>(0, 0, 0);
    private final ChoiceBox<String> preset = new ChoiceBox<>();
    private final Label banner = new Label();
    private final Label status = new Label();
    private final ProgressIndicator progress = new ProgressIndicator();
    private final Button cancel = new Button();
    private final Label stepTitle = new Label();
    private final ExplanationPanel explanation = new ExplanationPanel();
    private final CountersView counters = new CountersView();
    private final TokenStrip tokens = new TokenStrip();
    private final StepStage stage = new StepStage(this::tokenText);
    private final ToggleGroup scaleGroup = new ToggleGroup();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Path initialCheckpoint;
    private final String initialPrompt;
    private Transport transport;
    private Scene scene;
    private Stage window;
    private ModelConfig presetConfig;

    /** The window as launched: the sample model and the default prompt. */
    public VisualizerApp() {
        this(null, null, earlyRunner);
    }

    /**
     * @param checkpoint the checkpoint folder to open first (null: the sample model)
     * @param prompt     the prompt to run first (null: the default one)
     */
    VisualizerApp(Path checkpoint, String prompt) {
        this(checkpoint, prompt, null);
    }

    private VisualizerApp(Path checkpoint, String prompt, ModelRunner started) {
        this.initialCheckpoint = checkpoint;
        this.initialPrompt = prompt;
        this.runner = started != null ? started : new ModelRunner();
    }

    /**
     * Opens the window. The sample model starts loading first, on the model thread, so that ND4J's
     * native start-up and the checkpoint read overlap JavaFX's own start-up.
     */
    static void launchWindow(String[] args) {
        Path sample = Engine.sampleDir();
        if (sample != null) {
            earlyRunner = new ModelRunner();
            early = earlyRunner.load(sample, () -> false);
        }
        Application.launch(VisualizerApp.class, args);
    }

    @Override
    public void start(Stage primary) {
        window = primary;
        transport = new Transport(session);
        Label headLabel = new Label(Messages.get("head.label"));
        headLabel.setMinWidth(Region.USE_PREF_SIZE);
        head.setMinWidth(Region.USE_PREF_SIZE);
        transport.getChildren().addAll(headLabel, head);
        HBox presetRow = new HBox(6, new Label(Messages.get("preset.label")), preset);
        presetRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        counters.addControl(presetRow);
        BorderPane centre = new BorderPane(stage);
        stepTitle.getStyleClass().add("step-title");
        stepTitle.setId("step-title");
        centre.setTop(stepTitle);
        centre.setBottom(transport);
        centre.getStyleClass().add("centre");
        BorderPane.setMargin(stage, new Insets(8, 4, 8, 4));
        stage.setMinSize(0, 0);

        PipelineOutline outline = new PipelineOutline(session);
        outline.setId("outline");
        ScrollPane explain = new ScrollPane(explanation);
        explain.setFitToWidth(true);
        explain.getStyleClass().add("explanation-scroll");
        VBox right = new VBox(12, explain, counters);
        VBox.setVgrow(explain, Priority.ALWAYS);
        right.getStyleClass().add("side-panel");
        counters.setId("counters");
        SplitPane split = new SplitPane(outline, centre, right);
        split.setDividerPositions(0.17, 0.73);
        SplitPane.setResizableWithParent(outline, false);
        SplitPane.setResizableWithParent(right, false);

        status.setId("status");
        status.getStyleClass().add("status");
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        progress.setPrefSize(22, 22);
        progress.visibleProperty().bind(busy);
        cancel.setText(Messages.get("action.cancel"));
        cancel.setId("cancel");
        cancel.visibleProperty().bind(busy);
        cancel.setOnAction(e -> cancelled.set(true));
        HBox statusBar = new HBox(8, progress, status, cancel);
        statusBar.getStyleClass().add("status-bar");
        tokens.setId("tokens");
        tokens.setOnSelect(session::select);
        VBox bottom = new VBox(tokens, statusBar);

        banner.getStyleClass().add("banner");
        banner.setId("banner");
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.setWrapText(true);
        showBanner(null);
        VBox top = new VBox(menus(), toolbar(), banner);

        BorderPane root = new BorderPane(split, top, null, bottom, null);
        root.getStyleClass().add("window");
        scene = new Scene(root, 1280, 760);
        scene.getStylesheets().setAll(stylesheet("/dev/dsv3viz/views/views.css"), stylesheet(THEMES + "light.css"));
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        session.frameProperty().addListener((o, was, f) -> redraw());
        head.valueProperty().addListener((o, was, now) -> session.headProperty().set(now));

        primary.setTitle(Messages.get("app.title"));
        primary.setScene(scene);
        primary.setMinWidth(1024);
        primary.setMinHeight(640);
        primary.show();
        setIdle(Messages.get("status.starting"));
        openInitialModel();
    }

    private static String stylesheet(String resource) {
        var url = VisualizerApp.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("missing stylesheet " + resource);
        }
        return url.toExternalForm();
    }

    private MenuBar menus() {
        MenuItem open = new MenuItem(Messages.get("menu.open"));
        open.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        open.setOnAction(e -> chooseCheckpoint());
        MenuItem exportStage = new MenuItem(Messages.get("menu.export.stage"));
        exportStage.setAccelerator(KeyCombination.keyCombination("Shortcut+E"));
        exportStage.setOnAction(e -> chooseExport(stage));
        MenuItem exportWindow = new MenuItem(Messages.get("menu.export.window"));
        exportWindow.setOnAction(e -> chooseExport(scene.getRoot()));
        Menu scale = new Menu(Messages.get("menu.export.scale"));
        for (int s = 1; s <= 3; s++) {
            RadioMenuItem item = new RadioMenuItem(s + "\u00D7");
            item.setUserData((double) s);
            item.setToggleGroup(scaleGroup);
            item.setSelected(s == 2);
            scale.getItems().add(item);
        }
        MenuItem quit = new MenuItem(Messages.get("menu.quit"));
        quit.setOnAction(e -> Platform.exit());
        Menu file = new Menu(Messages.get("menu.file"), null, open, new javafx.scene.control.SeparatorMenuItem(),
                exportStage, exportWindow, scale, new javafx.scene.control.SeparatorMenuItem(), quit);
        ToggleGroup themes = new ToggleGroup();
        Menu view = new Menu(Messages.get("menu.view"));
        for (String theme : List.of("light", "dark")) {
            RadioMenuItem item = new RadioMenuItem(Messages.get("menu.theme." + theme));
            item.setToggleGroup(themes);
            item.setSelected(theme.equals("light"));
            item.setOnAction(e -> useTheme(theme));
            view.getItems().add(item);
        }
        MenuItem keys = new MenuItem(Messages.get("menu.keys"));
        keys.setOnAction(e -> {
            Alert a = new Alert(Alert.AlertType.INFORMATION, Messages.get("help.keys"));
            a.setHeaderText(Messages.get("menu.keys"));
            a.initOwner(window);
            a.show();
        });
        return new MenuBar(file, view, new Menu(Messages.get("menu.help"), null, keys));
    }

    /** Switches between the light and dark themes. */
    void useTheme(String theme) {
        scene.getStylesheets().set(1, stylesheet(THEMES + theme + ".css"));
    }

    private Node toolbar() {
        prompt.setId("prompt");
        prompt.setPromptText(Messages.get("prompt.hint"));
        prompt.setOnAction(e -> runPrompt());
        prompt.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.requestFocus();
            }
        });
        HBox.setHgrow(prompt, Priority.ALWAYS);
        run.setText(Messages.get("action.run"));
        run.setId("run");
        run.setDefaultButton(false);
        run.setOnAction(e -> runPrompt());
        generate.setText(Messages.get("action.generate"));
        generate.setId("generate");
        generate.setOnAction(e -> generate());
        count.setPrefWidth(76);
        count.setTooltip(new Tooltip(Messages.get("generate.count.tip")));
        sampling.getItems().setAll("greedy", "sampled");
        sampling.setValue("greedy");
        sampling.setConverter(keyed("sampling."));
        mode.getItems().setAll(MlaMode.values());
        mode.setValue(MlaMode.ABSORBED);
        mode.setId("mode");
        mode.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(MlaMode m) {
                return m == null ? "" : Messages.get("mode." + m.name().toLowerCase(java.util.Locale.ROOT));
            }

            @Override
            public MlaMode fromString(String s) {
                throw new UnsupportedOperationException();
            }
        });
        mode.setTooltip(new Tooltip(Messages.get("mode.tip")));
        mode.valueProperty().addListener((o, was, now) -> {
            if (session.frame() != null && !busy.get()) {
                runPrompt();
            }
        });
        head.setPrefWidth(70);
        head.setTooltip(new Tooltip(Messages.get("head.tip")));
        preset.getItems().setAll(Presets.ALL.stream().filter(p -> !p.equals(Presets.SAMPLE)).toList());
        preset.setValue("deepseek-v3");
        preset.setConverter(keyed("preset."));
        preset.setTooltip(new Tooltip(Messages.get("preset.tip")));
        preset.valueProperty().addListener((o, was, now) -> {
            presetConfig = Presets.load(now);
            redraw();
        });
        presetConfig = Presets.load(preset.getValue());
        Label modeLabel = new Label(Messages.get("mode.label"));
        HBox bar = new HBox(8, promptLabel, prompt, run, new Separator(javafx.geometry.Orientation.VERTICAL),
                generate, count, sampling, new Separator(javafx.geometry.Orientation.VERTICAL), modeLabel, mode);
        for (Node n : bar.getChildren()) {
            if (n instanceof Region r && n != prompt) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        bar.getStyleClass().add("prompt-bar");
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return bar;
    }

    private static javafx.util.StringConverter<String> keyed(String prefix) {
        return new javafx.util.StringConverter<>() {
            @Override
            public String toString(String s) {
                return s == null ? "" : Messages.get(prefix + s);
            }

            @Override
            public String fromString(String s) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private void openInitialModel() {
        if (initialCheckpoint != null) {
            openCheckpoint(initialCheckpoint);
            return;
        }
        Path sample = Engine.sampleDir();
        if (early != null && runner == earlyRunner) {
            afterLoad(early, Messages.get("model.sample"));
            early = null;
        } else if (sample != null) {
            afterLoad(runner.load(sample, () -> false), Messages.get("model.sample"));
        } else {
            showBanner(Messages.get("banner.random"));
            afterLoad(runner.random(Presets.SAMPLE, Engine.SAMPLE_DIR.resolve("tokenizer.json")), Messages.get("model.random"));
        }
    }

    private void chooseCheckpoint() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(Messages.get("menu.open"));
        File dir = chooser.showDialog(window);
        if (dir != null) {
            openCheckpoint(dir.toPath());
        }
    }

    /** Loads a checkpoint folder; on failure the window says why and the previous model stays. */
    void openCheckpoint(Path dir) {
        if (busy.get()) {
            status(Messages.get("status.wait"), true);
            return;
        }
        Path checkpoint = dir.resolve("config.json").toFile().isFile() || !dir.resolve("checkpoint").toFile().isDirectory()
                ? dir : dir.resolve("checkpoint");
        String name = checkpoint.getFileName() == null ? checkpoint.toString()
                : checkpoint.getFileName().toString().equals("checkpoint") && checkpoint.getParent() != null
                ? checkpoint.getParent().getFileName().toString() : checkpoint.getFileName().toString();
        cancelled.set(false);
        afterLoad(runner.load(checkpoint, cancelled::get), name);
    }

    private void afterLoad(CompletableFuture<ModelRunner.Loaded> loading, String name) {
        setBusy(Messages.get("status.loading", name));
        loading.whenComplete((loaded, error) -> Platform.runLater(() -> {
            if (error != null) {
                setIdle(null);
                boolean wasCancelled = cause(error) instanceof CancellationException;
                status(wasCancelled ? Messages.get("status.load.cancelled", name)
                        : Messages.get("error.load", name, message(error))
                        + (session.config() != null ? " " + Messages.get("error.previous.kept") : ""), !wasCancelled);
                return;
            }
            if (!name.equals(Messages.get("model.random"))) {
                showBanner(null);
            }
            ModelConfig config = loaded.config();
            boolean hadTextPrompt = session.config() == null || session.tokenizer() != null;
            session.setModel(config, loaded.tokenizer(), name);
            head.setValueFactory(new javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory(0,
                    config.numAttentionHeads() - 1, 0));
            promptLabel.setText(Messages.get(loaded.tokenizer() != null ? "prompt.label" : "prompt.ids"));
            boolean textPrompt = loaded.tokenizer() != null;
            if (prompt.getText().isBlank() || textPrompt != hadTextPrompt) {
                prompt.setText(initialPrompt != null && prompt.getText().isBlank() ? initialPrompt
                        : textPrompt ? DEFAULT_PROMPT : "1, 17, 42, 99, 7, 256, 3, 12");
            }
            setIdle(Messages.get("status.loaded", name, config.numHiddenLayers(), config.nRoutedExperts(),
                    config.numNextnPredictLayers()));
            runPrompt();
        }));
    }

    /** Encodes the prompt and runs a traced pass over it; errors are reported and change nothing. */
    void runPrompt() {
        if (busy.get() || session.config() == null) {
            return;
        }
        int[] ids;
        try {
            ids = encode(prompt.getText());
        } catch (NumberFormatException e) {
            status(Messages.get("error.ids"), true);
            return;
        }
        if (ids.length == 0) {
            status(Messages.get("error.empty"), true);
            return;
        }
        int max = session.config().maxPositionEmbeddings();
        if (ids.length > max) {
            status(Messages.get("error.too.long", ids.length, max), true);
            return;
        }
        MlaMode m = mode.getValue();
        setBusy(Messages.get("status.running", ids.length));
        runner.run(ids, m).whenComplete((result, error) -> Platform.runLater(() -> {
            if (error != null) {
                setIdle(null);
                status(message(error), true);
                return;
            }
            session.setPrompt(result, m);
            stage.requestFocus();
            setIdle(Messages.get("status.ran", ids.length, Messages.get("mode." + m.name().toLowerCase(java.util.Locale.ROOT)),
                    dev.dsv3viz.views.Format.value(result.otherModeMaxDifference())));
            if (mode.getValue() != m) {
                // The MLA form was switched while this pass ran: show the form the switch now says.
                runPrompt();
            }
        }));
    }

    private int[] encode(String text) {
        Tokenizer t = session.tokenizer();
        if (t != null) {
            return text.isEmpty() ? new int[0] : t.encode(text);
        }
        return Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isBlank()).mapToInt(Integer::parseInt).toArray();
    }

    /** Continues the prompt token by token with the latent KV cache; each token's pass can be stepped. */
    void generate() {
        if (busy.get() || session.frame() == null) {
            return;
        }
        int n = count.getValue();
        if (session.sequenceLength() >= session.config().maxPositionEmbeddings()) {
            status(Messages.get("error.context.full", session.config().maxPositionEmbeddings()), true);
            return;
        }
        SamplingOptions options = sampling.getValue().equals("greedy") ? SamplingOptions.GREEDY
                : new SamplingOptions(0.8, 40, System.nanoTime());
        cancelled.set(false);
        setBusy(Messages.get("status.generating", n));
        runner.generate(n, options, session.mode(), cancelled::get,
                        pass -> Platform.runLater(() -> session.addGenerated(pass)))
                .whenComplete((made, error) -> Platform.runLater(() -> {
                    setIdle(null);
                    if (error != null) {
                        status(message(error), true);
                    } else {
                        status(Messages.get("status.generated", made, session.sequenceLength()), false);
                    }
                }));
    }

    private void chooseExport(Node node) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(Messages.get("menu.export.stage"));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG", "*.png"));
        chooser.setInitialFileName(exportName());
        File file = chooser.showSaveDialog(window);
        if (file != null) {
            export(node == stage ? stage : scene.getRoot(), exportScale(), file.toPath());
        }
    }

    private String exportName() {
        SessionModel.Frame f = session.frame();
        return f == null ? "dsv3viz.png"
                : String.format("dsv3viz-%02d-%s-token%d.png", f.stepIndex() + 1, f.step().kind().key().replace('.', '-'), f.position());
    }

    double exportScale() {
        return scaleGroup.getSelectedToggle() == null ? 1 : (Double) scaleGroup.getSelectedToggle().getUserData();
    }

    /** Writes a PNG of a node; an unwritable place is reported in the window. Returns whether it worked. */
    boolean export(Node node, double scale, Path file) {
        try {
            PngExport.write(PngExport.render(node, scale), file);
            status(Messages.get("status.exported", file), false);
            return true;
        } catch (IOException | RuntimeException e) {
            status(Messages.get("error.export", file, e.getMessage() == null ? e.toString() : e.getMessage()), true);
            return false;
        }
    }

    private void onKey(KeyEvent e) {
        if (e.getTarget() instanceof TextInputControl || scene.getFocusOwner() instanceof TextInputControl) {
            return;
        }
        boolean handled = true;
        KeyCode code = e.getCode();
        switch (code) {
            case SPACE -> transport.togglePlay();
            case RIGHT -> session.step(1);
            case LEFT -> session.step(-1);
            case HOME -> session.first();
            case END -> session.last();
            case UP -> session.layer(-1);
            case DOWN -> session.layer(1);
            case PAGE_DOWN -> session.moveToken(1);
            case PAGE_UP -> session.moveToken(-1);
            default -> handled = false;
        }
        if (handled) {
            e.consume();
        }
    }

    private void redraw() {
        SessionModel.Frame f = session.frame();
        if (f == null) {
            return;
        }
        ModelConfig c = session.config();
        stage.show(session);
        Explanations.Text text = Explanations.of(f.step(), c, f.pass().tokens().length,
                f.pass().startPosition() + f.pass().tokens().length);
        explanation.show(text.title(), text.body(), text.formula(), text.shapes());
        stepTitle.setText(Messages.get("step.heading", f.stepIndex() + 1, f.steps().size(), text.title(),
                tokenText(session.sequence()[f.position()]), f.position()));
        counters.show(Counters.figures(session, Messages.get("preset." + preset.getValue()), presetConfig));
        showTokens(f);
    }

    private void showTokens(SessionModel.Frame f) {
        int[] sequence = session.sequence();
        List<TokenStrip.Chip> chips = new ArrayList<>();
        for (int i = 0; i < sequence.length; i++) {
            chips.add(new TokenStrip.Chip(tokenText(sequence[i]), sequence[i], i >= session.promptLength()));
        }
        List<TokenStrip.Guess> next = new ArrayList<>();
        OutputStep main = f.pass().head(0).orElseThrow();
        int[] top = main.topTokens()[f.row()];
        int truthAt = f.position() + 1;
        for (int j = 0; j < Math.min(5, top.length); j++) {
            next.add(guess(1, top[j], main.topProbabilities().get(f.row(), j), sequence, truthAt));
        }
        List<TokenStrip.Guess> ghosts = new ArrayList<>();
        for (OutputStep mtp : f.pass().all(OutputStep.class)) {
            if (mtp.depth() > 0) {
                int id = mtp.topTokens()[f.row()][0];
                ghosts.add(guess(mtp.depth() + 1, id, mtp.topProbabilities().get(f.row(), 0), sequence,
                        f.position() + mtp.depth() + 1));
            }
        }
        tokens.show(chips, f.position(), next, ghosts);
    }

    private TokenStrip.Guess guess(int ahead, int id, float p, int[] sequence, int truthAt) {
        boolean known = truthAt < sequence.length;
        return new TokenStrip.Guess(ahead, tokenText(id), p, known ? tokenText(sequence[truthAt]) : null,
                known && sequence[truthAt] == id);
    }

    /** A token as readable text: its bytes shown with visible spaces and line breaks, or #id without a tokenizer. */
    String tokenText(int id) {
        Tokenizer t = session.tokenizer();
        if (t == null) {
            return "#" + id;
        }
        return t.display(id).replace("\n", "\u21B5").replace(" ", "\u2423");
    }

    private void setBusy(String text) {
        busy.set(true);
        run.setDisable(true);
        generate.setDisable(true);
        status(text, false);
    }

    private void setIdle(String text) {
        busy.set(false);
        run.setDisable(session.config() == null);
        generate.setDisable(session.frame() == null);
        if (text != null) {
            status(text, false);
        }
    }

    private void status(String text, boolean error) {
        status.setText(text);
        status.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("error"), error);
    }

    private void showBanner(String text) {
        banner.setText(text == null ? "" : text);
        banner.setVisible(text != null);
        banner.setManaged(text != null);
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static String message(Throwable error) {
        Throwable e = cause(error);
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    SessionModel session() {
        return session;
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

    String statusText() {
        return status.getText();
    }

    boolean hasError() {
        return status.getPseudoClassStates().contains(javafx.css.PseudoClass.getPseudoClass("error"));
    }

    Node windowRoot() {
        return scene.getRoot();
    }

    @Override
    public void stop() {
        runner.close();
    }
}
