package dev.dsv3viz.app;

import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.tokenizer.Tokenizer;
import dev.dsv3viz.views.Messages;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The real window on the sample model, built off screen on a {@link HeadlessScreen} the way
 * {@code export} builds it, for a tool that lays it out and looks at what it shows (the layout check).
 * {@link #run}, {@link #onFx} and {@link #close} are called from any thread but the JavaFX one;
 * everything else on the JavaFX thread.
 */
public final class OffscreenWindow implements AutoCloseable {
    private final VisualizerApp app;
    private final Stage window;
    /** Where the panes beside the stage end in the window as it opened. */

    private OffscreenWindow(VisualizerApp app, Stage window) {
        this.app = app;
        this.window = window;
    }

    /**
     * Opens the window in English at the screen's corner with the given size and waits for its first pass
     * and for its scene to take that size (Monocle resizes a window's scene a while later). On Monocle a
     * window has no decorations, so presentation mode in a window of the screen's size is what full screen
     * shows there; any size can be had this way on one virtual screen.
     */
    static OffscreenWindow open(int width, int height) throws Exception {
        if (Engine.sampleDir() == null) {
            throw new ModelException("the sample model (" + Engine.SAMPLE_DIR + ") is not here; run from the repository.");
        }
        Messages.use(Locale.ENGLISH);
        OffscreenWindow w = onFx(() -> {
            Stage stage = new Stage();
            VisualizerApp a = new VisualizerApp(null, null, MlaMode.ABSORBED);
            a.start(stage);
            // Queued after the window's own placement once shown (most of the screen): this size is the one looked at.
            Platform.runLater(() -> {
                stage.setX(0);
                stage.setY(0);
                stage.setWidth(width);
                stage.setHeight(height);
            });
            return new OffscreenWindow(a, stage);
        });
        try {
            HeadlessExport.awaitFirstPass(w.app);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!onFx(() -> w.scene().getWidth() == width && w.scene().getHeight() == height)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the off-screen window did not take the size " + width + "x" + height
                            + ".");
                }
                Thread.sleep(10);
            }
            onFx(() -> {
                w.scene().getRoot().applyCss();
                w.scene().getRoot().layout();
                return null;
            });
        } catch (Exception e) {
            w.close();
            throw e;
        }
        return w;
    }

    /** Runs {@code call} on the JavaFX thread and returns its result. */
    public static <T> T onFx(Callable<T> call) throws Exception {
        return HeadlessExport.onFx(call);
    }

    /** Runs a text prompt as the window's Run does and waits for its pass; returns its token count. */
    public int run(String prompt) throws Exception {
        onFx(() -> {
            app.ui().setPrompt(prompt, true);
            app.run();
            return null;
        });
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (onFx(() -> app.busyProperty().get())) {
            if (System.nanoTime() > deadline) {
                throw new ModelException("the prompt's pass did not finish within five minutes.");
            }
            Thread.sleep(20);
        }
        return onFx(() -> {
            if (app.hasError()) {
                throw new ModelException(app.statusText());
            }
            return app.session().frame().pass().tokens().length;
        });
    }

    public Tokenizer tokenizer() {
        return app.session().tokenizer();
    }

    /** The walk through the current pass. */
    public List<PassStep> steps() {
        return app.session().frame().steps();
    }

    /** Shows step {@code index} of the walk. */
    public void jump(int index) {
        app.session().jump(index);
    }

    public void theme(String theme) {
        app.theme(theme);
    }

    /** Switches the interface language as the View menu does (the window's nodes are built anew). */
    public void language(Locale locale) {
        app.language(locale);
    }

    /** Enters or leaves presentation mode (F5) in the window's own size; leaving it puts every pane back. */
    public void presenting(boolean on) {
        if (app.ui().isPresenting() != on) {
            app.ui().presenting(on);
            app.ui().focusStage();
        }
    }

    public Scene scene() {
        return window.getScene();
    }

    /** The stage: the view of the current step. */
    public Node stage() {
        return app.stage();
    }

    @Override
    public void close() throws Exception {
        onFx(() -> {
            app.stop();
            window.hide();
            return null;
        });
    }
}
