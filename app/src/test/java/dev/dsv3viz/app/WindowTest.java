package dev.dsv3viz.app;

import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window started fresh on the primary stage for each test, on the sample model, with helpers to wait
 * for it. (TestFX looks for {@code @Start} methods in the test class itself only, so the base class
 * sets the stage up before each test instead.) What reaches the console meanwhile is kept, for
 * {@link #assertQuietConsole()}, and passed on to it when the test ends.
 */
@ExtendWith(ApplicationExtension.class)
abstract class WindowTest {
    protected VisualizerApp app;
    protected Stage window;
    private final List<Throwable> uncaught = Collections.synchronizedList(new ArrayList<>());
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private PrintStream stderr;
    private Thread.UncaughtExceptionHandler previous;

    @BeforeEach
    void openWindow() throws Exception {
        window = FxToolkit.registerPrimaryStage();
        stderr = System.err;
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        fx(() -> {
            // Exceptions thrown in the JavaFX thread's listeners and handlers end here, else on the console.
            previous = Thread.currentThread().getUncaughtExceptionHandler();
            Thread.currentThread().setUncaughtExceptionHandler((t, e) -> {
                uncaught.add(e);
                e.printStackTrace();
            });
            return null;
        });
        FxToolkit.setupStage(stage -> {
            app = new VisualizerApp();
            app.start(stage);
        });
    }

    @AfterEach
    void closeWindow() throws Exception {
        fx(() -> {
            app.stop();
            // The next test's window opens on the same stage.
            window.setFullScreen(false);
            window.setMaximized(false);
            Thread.currentThread().setUncaughtExceptionHandler(previous);
            return null;
        });
        System.setErr(stderr);
        stderr.print(console.toString(StandardCharsets.UTF_8));
    }

    /**
     * Nothing was thrown on the JavaFX thread and nothing that looks like an exception was printed, except
     * by the headless test platform's own renderer: Monocle's software painter sometimes fails on a frame
     * while the window changes to or from full screen, in its own code only, which no real window runs.
     */
    protected void assertQuietConsole() {
        assertTrue(uncaught.isEmpty(), "exceptions reached the JavaFX thread: " + uncaught);
        String printed = console.toString(StandardCharsets.UTF_8);
        List<String> traces = new ArrayList<>();
        for (String trace : printed.split("\\n(?=\\S)")) {
            boolean monocleOnly = trace.contains("com.sun.glass.ui.monocle.") && !trace.contains("dev.dsv3viz.");
            if ((trace.contains("Exception") || trace.contains("\tat ")) && !monocleOnly) {
                traces.add(trace);
            }
        }
        assertTrue(traces.isEmpty(), "the console shows: " + printed);
    }

    /**
     * Whether the token strip shows the selected token's chip whole: inside the strip's visible part,
     * not scrolled away or cut by its scroll bar.
     */
    protected boolean selectedChipInView() throws Exception {
        return fx(() -> {
            ScrollPane scroller = (ScrollPane) app.scene().lookup(".token-scroller");
            Node chip = app.scene().lookup("#tokens").lookupAll(".token-chip").stream()
                    .filter(n -> n.getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("selected")))
                    .findFirst().orElseThrow();
            Node viewport = scroller.lookup(".viewport");
            return viewport.localToScene(viewport.getLayoutBounds()).contains(chip.localToScene(chip.getLayoutBounds()));
        });
    }

    /** Types {@code text} as the prompt, runs it and waits for its pass. */
    protected void runPrompt(String text) throws Exception {
        int[] ids = fx(() -> app.session().tokenizer().encode(text));
        fx(() -> {
            ((TextField) app.scene().lookup("#prompt")).setText(text);
            app.run();
            return null;
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> !app.busyProperty().get()
                && Arrays.equals(ids, app.session().sequence())));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits until a pass is on screen and no model work is running. */
    protected void awaitIdle() throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> !app.busyProperty().get() && app.session().frame() != null));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Runs {@code call} on the JavaFX thread and returns its result. */
    protected static <T> T fx(Callable<T> call) throws Exception {
        return WaitForAsyncUtils.asyncFx(call).get(30, TimeUnit.SECONDS);
    }
}
