package dev.dsv3viz.app;

import javafx.application.Platform;
import javafx.event.EventHandler;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

import java.util.List;
import java.util.function.Supplier;

/**
 * Where a window goes on the screen: the main window over most of the screen's visible area, every other
 * window over the window it belongs to, each one whole on the screen with its title bar in view.
 */
final class WindowBounds {
    /** The share of the screen's visible area the main window opens on, each way. */
    static final double SHARE = 0.9;

    private WindowBounds() {
    }

    /**
     * The main window's first bounds: {@link #SHARE} of the visible area each way, centred, never below the
     * window's minimum nor beyond the visible area (a screen smaller than the minimum gets all of it).
     */
    static Rectangle2D initial(Rectangle2D visible, double minWidth, double minHeight) {
        double w = Math.min(visible.getWidth(), Math.max(minWidth, Math.floor(visible.getWidth() * SHARE)));
        double h = Math.min(visible.getHeight(), Math.max(minHeight, Math.floor(visible.getHeight() * SHARE)));
        return new Rectangle2D(visible.getMinX() + Math.floor((visible.getWidth() - w) / 2),
                visible.getMinY() + Math.floor((visible.getHeight() - h) / 2), w, h);
    }

    /**
     * A window of the given size, no larger than the visible area, centred over its owner and then moved as
     * little as it takes to be whole inside the visible area.
     */
    static Rectangle2D over(Rectangle2D owner, double width, double height, Rectangle2D visible) {
        double w = Math.min(width, visible.getWidth());
        double h = Math.min(height, visible.getHeight());
        double x = owner.getMinX() + (owner.getWidth() - w) / 2;
        double y = owner.getMinY() + (owner.getHeight() - h) / 2;
        x = Math.max(visible.getMinX(), Math.min(x, visible.getMaxX() - w));
        y = Math.max(visible.getMinY(), Math.min(y, visible.getMaxY() - h));
        return new Rectangle2D(Math.floor(x), Math.floor(y), w, h);
    }

    /** The visible area of the screen that shows most of {@code area}, else of the primary screen. */
    static Rectangle2D screenOf(Rectangle2D area) {
        List<Screen> screens = Screen.getScreensForRectangle(area);
        return (screens.isEmpty() ? Screen.getPrimary() : screens.get(0)).getVisualBounds();
    }

    /** Where a window is now, its frame included. */
    static Rectangle2D of(Window w) {
        return new Rectangle2D(w.getX(), w.getY(), w.getWidth(), w.getHeight());
    }

    /**
     * Puts the main window at its first bounds, now and again once it is shown: JavaFX 21's GTK window
     * forgets a size and place given before the window manager maps it, and opens at its minimum size.
     */
    static void openMain(Stage stage) {
        Rectangle2D visible = Screen.getPrimary().getVisualBounds();
        stage.setMinWidth(Math.min(stage.getMinWidth(), visible.getWidth()));
        stage.setMinHeight(Math.min(stage.getMinHeight(), visible.getHeight()));
        Rectangle2D bounds = initial(visible, stage.getMinWidth(), stage.getMinHeight());
        whenShown(stage, () -> set(stage, bounds));
    }

    /**
     * Sizes a secondary window to its content, at most the visible area, centred over its owner and whole on
     * screen; again once shown, when the window's decorations are known (see {@link #openMain}).
     */
    static void openOver(Stage stage, Window owner) {
        Parent root = stage.getScene().getRoot();
        Supplier<Rectangle2D> bounds = () -> {
            Scene scene = stage.getScene();
            Rectangle2D ownerBounds = of(owner);
            Rectangle2D visible = screenOf(ownerBounds);
            // The window's frame around the scene: nothing until the window manager has decorated it.
            double frameW = stage.isShowing() ? Math.max(0, stage.getWidth() - scene.getWidth()) : 0;
            double frameH = stage.isShowing() ? Math.max(0, stage.getHeight() - scene.getHeight()) : 0;
            root.applyCss();
            double w = Math.ceil(root.prefWidth(-1)) + frameW;
            double h = Math.ceil(root.prefHeight(Math.min(w, visible.getWidth()) - frameW)) + frameH;
            return over(ownerBounds, w, h, visible);
        };
        whenShown(stage, () -> set(stage, bounds.get()));
    }

    /** Runs {@code place} now and, if the window is not shown yet, once more just after it is. */
    private static void whenShown(Stage stage, Runnable place) {
        place.run();
        if (stage.isShowing()) {
            return;
        }
        EventHandler<WindowEvent> again = new EventHandler<>() {
            @Override
            public void handle(WindowEvent e) {
                stage.removeEventHandler(WindowEvent.WINDOW_SHOWN, this);
                Platform.runLater(place);
            }
        };
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, again);
    }

    private static void set(Stage stage, Rectangle2D b) {
        stage.setX(b.getMinX());
        stage.setY(b.getMinY());
        stage.setWidth(b.getWidth());
        stage.setHeight(b.getHeight());
    }
}
