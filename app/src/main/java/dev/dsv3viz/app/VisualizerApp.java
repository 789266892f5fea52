package dev.dsv3viz.app;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.generate.SamplingOptions;
import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.tokenizer.Tokenizer;
import dev.dsv3viz.model.trace.ForwardTrace;
import dev.dsv3viz.views.CountersView;
import dev.dsv3viz.views.Format;
import dev.dsv3viz.views.Messages;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application: owns the model runner and the session, carries out the window's commands (run,
 * generate, open, export, presentation, lessons, theme, language) and keeps the window responsive: all
 * model work goes to the {@link ModelRunner}'s thread and comes back as immutable traces.
 */
public final class VisualizerApp extends Application implements MainWindow.Actions {
    static final String DEFAULT_PROMPT = "And God said, Let there be light: and there was light.";
    private static final String THEMES = "/dev/dsv3viz/themes/";
    /** The smallest the window can be made (less on a smaller screen). */
    static final double MIN_WIDTH = 1024;
    static final double MIN_HEIGHT = 640;
    /** The sample model, loading since launch (null in tests and exports, which start their own). */
    private static CompletableFuture<ModelRunner.Loaded> early;
    private static ModelRunner earlyRunner;

    private final ModelRunner runner;
    private final SessionModel session = new SessionModel();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Path initialCheckpoint;
    private final String initialPrompt;
    private final MlaMode initialMode;
    private final LessonPlayer lessons = new LessonPlayer(session);
    /** Where to go back to once the running pass is in: a lesson ended while its prompt ran. */
    private LessonPlayer.Place returnTo;
    /** The longest the JavaFX thread has spent taking in one piece of model work's result, in nanoseconds. */
    private final AtomicLong longestResultHandling = new AtomicLong();
    private MainWindow ui;
    /** The folder of the loaded checkpoint, where its training log may be. */
    private Path modelFolder;
    private Scene scene;
    private Stage window;
    private String theme = "light";
    /** Set on the JavaFX thread when the application stops; model work finishing later is dropped. */
    private boolean stopped;

    /** The window as launched: the sample model and the default prompt. */
    public VisualizerApp() {
        this(null, null, MlaMode.ABSORBED, earlyRunner);
    }

    /**
     * @param checkpoint the checkpoint folder to open first (null: the sample model)
     * @param prompt     the prompt to run first (null: the default one)
     * @param mode       the MLA form to run it with
     */
    VisualizerApp(Path checkpoint, String prompt, MlaMode mode) {
        this(checkpoint, prompt, mode, null);
    }

    private VisualizerApp(Path checkpoint, String prompt, MlaMode mode, ModelRunner started) {
        this.initialCheckpoint = checkpoint;
        this.initialPrompt = prompt;
        this.initialMode = mode;
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
        ui = new MainWindow(session, this, MainWindow.Settings.initial(initialMode), busy.getReadOnlyProperty(), this::tokenText);
        scene = new Scene(ui.root());
        applyStyles(theme);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        primary.setTitle(Messages.get("app.title"));
        primary.setScene(scene);
        primary.setMinWidth(MIN_WIDTH);
        primary.setMinHeight(MIN_HEIGHT);
        WindowBounds.openMain(primary);
        primary.setFullScreenExitHint(Messages.get("presentation.hint"));
        primary.fullScreenProperty().addListener((o, was, now) -> {
            if (!now && ui.isPresenting()) {
                presentation(false);
            }
        });
        primary.show();
        setIdle(Messages.get("status.starting"));
        warnIfNoCjkFont();
        openInitialModel();
    }

    private void applyStyles(String theme) {
        scene.getStylesheets().setAll(stylesheet("/dev/dsv3viz/views/views.css"), stylesheet(THEMES + theme + ".css"));
    }

    private static String stylesheet(String resource) {
        var url = VisualizerApp.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("missing stylesheet " + resource);
        }
        return url.toExternalForm();
    }

    /** Swaps the theme's stylesheet; the window's nodes stay as they are. */
    @Override
    public void theme(String theme) {
        this.theme = theme;
        applyStyles(theme);
    }

    @Override
    public void language(Locale locale) {
        if (busy.get()) {
            status(Messages.get("status.wait"), true);
            return;
        }
        Messages.use(locale);
        rebuild(locale);
        window.setTitle(Messages.get("app.title"));
        window.setFullScreenExitHint(Messages.get("presentation.hint"));
        status(Messages.get("status.language"), false);
        warnIfNoCjkFont();
    }

    /** A new window in the current language, with the old one's choices. */
    private void rebuild(Locale locale) {
        MainWindow.Settings s = ui.settings();
        double[] shares = ui.paneShares();
        ui.dispose();
        boolean presenting = ui.isPresenting();
        String statusText = ui.statusText();
        boolean statusError = ui.statusIsError();
        ui = new MainWindow(session, this, new MainWindow.Settings(s.prompt(), s.mode(), s.count(), s.sampling(),
                s.preset(), s.head(), s.exportScale(), theme, locale, s.textPrompt()), busy.getReadOnlyProperty(),
                this::tokenText);
        ui.paneShares(shares);
        scene.setRoot(ui.root());
        ui.status(statusText, statusError);
        ui.busy(busy.get());
        ui.presenting(presenting);
        ui.lessonCaption(lessons.caption(locale));
        ui.redraw();
    }

    /** Looks for a Chinese font off the JavaFX thread: listing the system's fonts can take a while. */
    private void warnIfNoCjkFont() {
        if (Messages.locale().getLanguage().equals("zh")) {
            CompletableFuture.supplyAsync(Fonts::canShowChinese).thenAccept(found -> {
                if (!found) {
                    Platform.runLater(() -> ui.banner(Messages.get("banner.no.cjk.font")));
                }
            });
        }
    }

    private void openInitialModel() {
        if (initialCheckpoint != null) {
            openCheckpoint(initialCheckpoint);
            return;
        }
        Path sample = Engine.sampleDir();
        if (early != null && runner == earlyRunner) {
            afterLoad(early, sampleName(sample), sample);
            early = null;
        } else if (sample != null) {
            afterLoad(runner.load(sample, () -> false), sampleName(sample), sample);
        } else {
            ui.banner(Messages.get("banner.random"));
            afterLoad(runner.random(Presets.SAMPLE, Engine.SAMPLE_DIR.resolve("tokenizer.json")), Presets.SAMPLE, null);
        }
    }

    private static String sampleName(Path sample) {
        return sample.toAbsolutePath().normalize().getFileName().toString();
    }

    @Override
    public void openCheckpoint() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(Messages.get("menu.open"));
        File dir = Dialogs.choose(window, chooser::showDialog);
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
        Path named = checkpoint.toAbsolutePath().normalize();
        String name = named.getFileName() == null ? named.toString()
                : named.getFileName().toString().equals("checkpoint") && named.getParent() != null
                ? named.getParent().getFileName().toString() : named.getFileName().toString();
        cancelled.set(false);
        afterLoad(runner.load(checkpoint, cancelled::get), name, checkpoint);
    }

    /** @param folder where the model came from (its training log may be there); null for random weights */
    private void afterLoad(CompletableFuture<ModelRunner.Loaded> loading, String name, Path folder) {
        setBusy(Messages.get("status.loading", name));
        loading.whenComplete((loaded, error) -> onFx(() -> {
            if (error != null) {
                setIdle(null);
                boolean wasCancelled = cause(error) instanceof CancellationException;
                status(wasCancelled ? Messages.get("status.load.cancelled", name)
                        : Messages.get("error.load", name, message(error))
                        + (session.config() != null ? " " + Messages.get("error.previous.kept") : ""), !wasCancelled);
                return;
            }
            if (!name.equals(Presets.SAMPLE) || Engine.sampleDir() != null) {
                ui.banner(null);
            }
            modelFolder = folder;
            ModelConfig config = loaded.config();
            boolean hadTextPrompt = session.config() == null || session.tokenizer() != null;
            session.setModel(config, loaded.tokenizer(), name);
            ui.headRange(config.numAttentionHeads(), 0);
            boolean textPrompt = loaded.tokenizer() != null;
            String text = ui.promptText();
            if (text.isBlank() || textPrompt != hadTextPrompt) {
                text = initialPrompt != null && text.isBlank() ? initialPrompt
                        : textPrompt ? DEFAULT_PROMPT : "1, 17, 42, 99, 7, 256, 3, 12";
            }
            ui.setPrompt(text, textPrompt);
            setIdle(Messages.get("status.loaded", name, config.numHiddenLayers(), config.nRoutedExperts(),
                    config.numNextnPredictLayers()));
            run();
        }));
    }

    /** Encodes the prompt and runs a traced pass over it; errors are reported and change nothing. */
    @Override
    public void run() {
        if (busy.get() || session.config() == null) {
            return;
        }
        int[] ids;
        try {
            ids = encode(ui.promptText());
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
        run(ids, null);
    }

    /**
     * Runs a traced pass over {@code ids} and shows it.
     *
     * @param place the step and token to show once it is back (null: the same kind of step, last token)
     */
    private void run(int[] ids, LessonPlayer.Place place) {
        MlaMode m = ui.mode();
        setBusy(Messages.get("status.running", ids.length));
        runner.run(ids, m).whenComplete((result, error) -> onFx(() -> {
            if (error != null) {
                setIdle(null);
                status(message(error), true);
                goBackIfLeft();
                return;
            }
            if (place != null) {
                session.setPrompt(result, m, place.step(), place.position());
            } else {
                session.setPrompt(result, m);
            }
            lessons.promptRan();
            ui.focusStage();
            setIdle(Messages.get("status.ran", ids.length, Messages.get("mode." + m.name().toLowerCase(Locale.ROOT)),
                    Format.value(result.otherModeMaxDifference())));
            if (goBackIfLeft()) {
                return;
            }
            if (ui.mode() != m) {
                // The MLA form was switched while this pass ran: show the form the switch now says.
                run();
            } else {
                ui.lessonCaption(lessons.caption(Messages.locale()));
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
    @Override
    public void generate() {
        if (busy.get() || session.frame() == null) {
            return;
        }
        int n = ui.count();
        if (session.sequenceLength() >= session.config().maxPositionEmbeddings()) {
            status(Messages.get("error.context.full", session.config().maxPositionEmbeddings()), true);
            return;
        }
        SamplingOptions options = ui.greedy() ? SamplingOptions.GREEDY : new SamplingOptions(0.8, 40, System.nanoTime());
        cancelled.set(false);
        setBusy(Messages.get("status.generating", n));
        // Tokens can come faster than frames: the window takes whatever has arrived once per turn, so that
        // a burst of tokens costs one redraw, not one each.
        Queue<ForwardTrace> arrived = new ConcurrentLinkedQueue<>();
        AtomicBoolean drainScheduled = new AtomicBoolean();
        Runnable drain = () -> {
            drainScheduled.set(false);
            List<ForwardTrace> batch = new ArrayList<>();
            for (var pass = arrived.poll(); pass != null; pass = arrived.poll()) {
                batch.add(pass);
            }
            session.addGenerated(batch);
        };
        runner.generate(n, options, session.mode(), cancelled::get, pass -> {
                    arrived.add(pass);
                    if (drainScheduled.compareAndSet(false, true)) {
                        onFx(drain);
                    }
                })
                .whenComplete((made, error) -> onFx(() -> {
                    drain.run();
                    setIdle(null);
                    if (error != null) {
                        status(message(error), true);
                    } else {
                        status(Messages.get("status.generated", made, session.sequenceLength()), false);
                    }
                }));
    }

    @Override
    public void cancel() {
        cancelled.set(true);
    }

    @Override
    public void exportPicture(boolean wholeWindow) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(Messages.get(wholeWindow ? "menu.export.window" : "menu.export.stage"));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG", "*.png"));
        chooser.setInitialFileName(exportName());
        File file = Dialogs.choose(window, chooser::showSaveDialog);
        if (file != null) {
            export(wholeWindow ? scene.getRoot() : ui.stage(), ui.exportScale(), file.toPath());
        }
    }

    private String exportName() {
        SessionModel.Frame f = session.frame();
        return f == null ? "dsv3viz.png" : String.format(Locale.ROOT, "dsv3viz-%02d-%s-token%d.png", f.stepIndex() + 1,
                f.step().kind().key().replace('.', '-'), f.position());
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

    @Override
    public void exportSteps() {
        SessionModel.Frame f = session.frame();
        if (f == null || busy.get()) {
            return;
        }
        ExportDialog.ask(window, f.steps().size(), f.stepIndex(), ui.exportScale()).ifPresent(this::exportSteps);
    }

    /** Exports a range of steps as slides (and a GIF) in the background; the window stays usable. */
    CompletableFuture<List<StepExporter.Entry>> exportSteps(SlideSettings settings) {
        setBusy(Messages.get("status.exporting", settings.to() - settings.from() + 1));
        cancelled.set(false);
        CompletableFuture<List<StepExporter.Entry>> done = StepExporter.export(session, scene, this::tokenText, settings,
                cancelled::get, (i, n) -> status(Messages.get("status.exporting.progress", i, n), false));
        done.whenComplete((entries, error) -> onFx(() -> {
            setIdle(null);
            if (error != null) {
                status(Messages.get("error.export", settings.dir(), message(error)), true);
            } else {
                status(Messages.get("status.exported.steps", entries.size(), settings.dir()), false);
            }
        }));
        return done;
    }

    @Override
    public void presentation(boolean on) {
        if (ui.isPresenting() == on) {
            return;
        }
        ui.presenting(on);
        window.setFullScreen(on);
        if (!on) {
            leaveLesson();
        }
        ui.focusStage();
    }

    /** If a lesson ended while its pass ran, goes back to where the teacher was now; returns whether it did. */
    private boolean goBackIfLeft() {
        if (returnTo == null) {
            return false;
        }
        LessonPlayer.Place back = returnTo;
        returnTo = null;
        run(back.tokens(), back);
        return true;
    }

    /** Ends the lesson, if one plays, and goes back to the teacher's own prompt, step and token. */
    private void leaveLesson() {
        LessonPlayer.Place back = lessons.stop();
        ui.lessonCaption(null);
        if (back == null) {
            return;
        }
        ui.setPrompt(back.prompt(), true);
        if (busy.get()) {
            returnTo = back;
        } else {
            run(back.tokens(), back);
        }
    }

    @Override
    public void trainingHistory() {
        openTrainingHistory();
    }

    /** The training view on the loaded checkpoint's log, else the sample model's. */
    TrainingWindow openTrainingHistory() {
        Path sample = Engine.sampleDir();
        for (Path dir : new Path[]{modelFolder, sample}) {
            if (dir != null && dir.resolve(TrainingWindow.LOG).toFile().isFile()) {
                try {
                    return TrainingWindow.open(window, dir, scene.getStylesheets());
                } catch (RuntimeException e) {
                    status(Messages.get("error.training.log", dir.resolve(TrainingWindow.LOG), e.getMessage()), true);
                    return null;
                }
            }
        }
        status(Messages.get("error.training.none"), true);
        return null;
    }

    @Override
    public void openLesson() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(Messages.get("menu.lesson.open"));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(Messages.get("lesson.files"), "*.json"));
        File file = Dialogs.choose(window, chooser::showOpenDialog);
        if (file != null) {
            try {
                play(Lessons.read(file.toPath()));
            } catch (RuntimeException e) {
                status(Messages.get("error.lesson", file.getName(), e.getMessage()), true);
            }
        }
    }

    @Override
    public void playLesson(String name) {
        play(Lessons.load(name));
    }

    /** Runs the lesson's prompt and presents its steps with their captions. */
    void play(Lesson lesson) {
        if (busy.get() || session.config() == null) {
            status(Messages.get("status.wait"), true);
            return;
        }
        if (session.tokenizer() == null) {
            status(Messages.get("error.lesson.tokenizer"), true);
            return;
        }
        SessionModel.Frame f = session.frame();
        lessons.start(lesson, f == null ? null : new LessonPlayer.Place(ui.promptText(), session.passes().get(0).tokens(),
                f.step(), f.position()));
        ui.setPrompt(lesson.prompt(), true);
        presentation(true);
        run();
    }

    @Override
    public void quit() {
        Platform.exit();
    }

    private void onKey(KeyEvent e) {
        if (e.getTarget() instanceof TextInputControl || scene.getFocusOwner() instanceof TextInputControl) {
            return;
        }
        boolean handled = ui.isPresenting() ? presentationKey(e.getCode()) : windowKey(e.getCode());
        if (handled) {
            e.consume();
        }
    }

    private boolean windowKey(KeyCode code) {
        switch (code) {
            case SPACE -> ui.transport().togglePlay();
            case RIGHT -> session.step(1);
            case LEFT -> session.step(-1);
            case HOME -> session.first();
            case END -> session.last();
            case UP -> session.layer(-1);
            case DOWN -> session.layer(1);
            case PAGE_DOWN -> session.moveToken(1);
            case PAGE_UP -> session.moveToken(-1);
            case F5 -> presentation(true);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** A presentation clicker sends PageDown/PageUp (sometimes Right/Left, B or . for a blank screen). */
    private boolean presentationKey(KeyCode code) {
        switch (code) {
            case PAGE_DOWN, RIGHT, DOWN, ENTER -> forward(1);
            case PAGE_UP, LEFT, UP, BACK_SPACE -> forward(-1);
            case B, PERIOD -> ui.blank(!ui.isBlank());
            case SPACE -> ui.transport().togglePlay();
            case HOME -> session.first();
            case END -> session.last();
            case ESCAPE, F5 -> presentation(false);
            default -> {
                return false;
            }
        }
        return true;
    }

    private void forward(int delta) {
        if (ui.isBlank()) {
            ui.blank(false);
            return;
        }
        if (lessons.isPlaying()) {
            lessons.move(delta);
            ui.lessonCaption(lessons.caption(Messages.locale()));
        } else {
            session.step(delta);
        }
    }

    /**
     * Runs what the model thread hands back on the JavaFX thread, timing it: taking in a result (and
     * redrawing for it) is the only model-related work the window's thread does, and it must stay short.
     */
    private void onFx(Runnable r) {
        Platform.runLater(() -> {
            if (stopped) {
                // Work that finishes once the window is closing has nothing left to show, nor a runner to start more.
                return;
            }
            long start = System.nanoTime();
            try {
                r.run();
            } finally {
                longestResultHandling.accumulateAndGet(System.nanoTime() - start, Math::max);
            }
        });
    }

    /** The longest result handling since the last call (the first pass after start-up runs cold). */
    long takeLongestResultHandlingNanos() {
        return longestResultHandling.getAndSet(0);
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
        ui.busy(true);
        status(text, false);
    }

    private void setIdle(String text) {
        busy.set(false);
        ui.busy(false);
        if (text != null) {
            status(text, false);
        }
    }

    private void status(String text, boolean error) {
        ui.status(text, error);
    }

    private static Throwable cause(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
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

    MainWindow ui() {
        return ui;
    }

    StepStage stage() {
        return ui.stage();
    }

    CountersView counters() {
        return ui.counters();
    }

    String statusText() {
        return ui.statusText();
    }

    boolean hasError() {
        return ui.statusIsError();
    }

    Scene scene() {
        return scene;
    }

    @Override
    public void stop() {
        stopped = true;
        runner.close();
    }
}
