package dev.dsv3viz.app;

import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.views.Messages;
import dev.dsv3viz.views.Motion;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The window built off screen, with no display: JavaFX on the Monocle headless platform with software
 * rendering, exporting through the same {@link StepExporter} as the window's own "Export steps".
 */
public final class HeadlessExport {
    /**
     * What to export.
     *
     * @param steps    "all" or "A-B", 1-based as the window numbers steps
     * @param position the token to show; -1 for the prompt's last
     * @param width    the off-screen window's width (its height below), which a WINDOW slide pictures
     */
    public record Request(Path checkpoint, MlaMode mla, String prompt, String steps, int position, SlideSettings.Size size,
                          double scale, boolean captions, boolean gif, int width, int height, String theme,
                          Locale language, Path out) {
    }

    private HeadlessExport() {
    }

    public static List<StepExporter.Entry> run(Request request) throws Exception {
        boolean started = startToolkit(request.width(), request.height());
        Motion.setEnabled(false);
        Messages.use(request.language());
        VisualizerApp app = onFx(() -> {
            VisualizerApp a = new VisualizerApp(request.checkpoint(), request.prompt(), request.mla());
            Stage stage = new Stage();
            a.start(stage);
            a.theme(request.theme());
            // Within the screen: a window reaching past a Monocle screen's edge fails to draw.
            var screen = javafx.stage.Screen.getPrimary().getBounds();
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(Math.min(request.width(), screen.getWidth()));
            stage.setHeight(Math.min(request.height(), screen.getHeight()));
            return a;
        });
        try {
            awaitFirstPass(app);
            CompletableFuture<List<StepExporter.Entry>> done = onFx(() -> {
                SessionModel s = app.session();
                if (request.position() >= 0) {
                    if (request.position() >= s.sequenceLength()) {
                        throw new ModelException("--position " + request.position() + " is beyond the prompt's "
                                + s.sequenceLength() + " tokens.");
                    }
                    s.select(request.position());
                }
                int[] range = range(request.steps(), s.frame().steps().size());
                return app.exportSteps(new SlideSettings(range[0], range[1], request.size(), request.scale(),
                        request.captions(), request.gif(), request.out()));
            });
            try {
                return done.get(30, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception ex ? ex : e;
            }
        } finally {
            onFx(() -> {
                app.stop();
                return null;
            });
            Motion.setEnabled(true);
            if (started) {
                Platform.exit();
            }
        }
    }

    /**
     * Starts JavaFX on a virtual screen large enough for the window (a window past its edge fails to
     * draw); returns false when JavaFX was already running (the window tests), which then keep it.
     */
    static boolean startToolkit(int width, int height) {
        try {
            Platform.runLater(() -> { });
            return false;
        } catch (IllegalStateException notStarted) {
            // Not running yet: start it headless below.
        }
        System.setProperty("headless.geometry", width + "x" + height + "-32");
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        System.setProperty("java.awt.headless", "true");
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.join();
        return true;
    }

    static void awaitFirstPass(VisualizerApp app) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            Thread.sleep(50);
            String failure = onFx(() -> {
                if (app.busyProperty().get()) {
                    return null;
                }
                if (app.session().frame() != null) {
                    return "";
                }
                return app.hasError() ? app.statusText() : null;
            });
            if (failure != null) {
                if (!failure.isEmpty()) {
                    throw new ModelException(failure);
                }
                return;
            }
        }
        throw new ModelException("The model did not finish its first pass within five minutes.");
    }

    /** Steps "all" or "A-B" (1-based, inclusive, as the window numbers them) as 0-based bounds. */
    static int[] range(String steps, int count) {
        if (steps.equalsIgnoreCase("all")) {
            return new int[]{0, count - 1};
        }
        String[] parts = steps.split("-", -1);
        try {
            int a = Integer.parseInt(parts[0].trim());
            int b = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : a;
            if (parts.length > 2 || a < 1 || b < a || b > count) {
                throw new NumberFormatException();
            }
            return new int[]{a - 1, b - 1};
        } catch (NumberFormatException e) {
            throw new ModelException("--steps must be \"all\" or a range like 3-7 within 1-" + count + ", not \"" + steps + "\".");
        }
    }

    static <T> T onFx(Callable<T> call) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(10, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
