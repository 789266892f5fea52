package dev.dsv3viz.app;

import dev.dsv3viz.views.Motion;
import javafx.application.Platform;

/**
 * JavaFX started on its headless Monocle platform, as {@code export} starts it, with a virtual screen on
 * which {@link OffscreenWindow}s open; closing it stops JavaFX if this started it (the window tests
 * keep theirs). Animations are off meanwhile, so that every look sees a step's final state.
 */
public final class HeadlessScreen implements AutoCloseable {
    private final boolean startedToolkit;

    private HeadlessScreen(boolean startedToolkit) {
        this.startedToolkit = startedToolkit;
    }

    /** A screen of the given size: no window on it may be larger (one reaching past its edge fails to draw). */
    public static HeadlessScreen start(int width, int height) {
        HeadlessScreen screen = new HeadlessScreen(HeadlessExport.startToolkit(width, height));
        Motion.setEnabled(false);
        return screen;
    }

    /** The window on the sample model, opened at this size in English; see {@link OffscreenWindow#open}. */
    public OffscreenWindow open(int width, int height) throws Exception {
        return OffscreenWindow.open(width, height);
    }

    @Override
    public void close() {
        Motion.setEnabled(true);
        if (startedToolkit) {
            Platform.exit();
        }
    }
}
