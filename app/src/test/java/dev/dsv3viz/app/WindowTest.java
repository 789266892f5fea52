package dev.dsv3viz.app;

import javafx.stage.Stage;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The window started fresh on the primary stage for each test, on the sample model, with helpers to wait
 * for it. (TestFX looks for {@code @Start} methods in the test class itself only, so the base class
 * sets the stage up before each test instead.)
 */
@ExtendWith(ApplicationExtension.class)
abstract class WindowTest {
    protected VisualizerApp app;
    protected Stage window;

    @BeforeEach
    void openWindow() throws Exception {
        window = FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            app = new VisualizerApp();
            app.start(stage);
        });
    }

    @AfterEach
    void closeWindow() throws Exception {
        fx(() -> {
            app.stop();
            return null;
        });
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
