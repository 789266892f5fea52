package dev.dsv3viz.app;

import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.event.Event;
import javafx.event.EventHandler;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogEvent;
import javafx.scene.input.InputEvent;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Dialogs and file choosers over a window that leave the window's size and its maximised or full-screen
 * state alone. JavaFX 21's GTK window fixes its size hints to its restored size while a modal dialog or a
 * chooser disables it, and window managers such as Openbox or KDE's then take it for a window that cannot be
 * maximised and restore it (JDK-8332222, fixed in JavaFX 24, which needs a newer Java than 17). So a dialog
 * here is not modal as far as the window system knows: it belongs to its window and is centred on it, and
 * while it shows, that window and the ones it belongs to ignore input. A file or folder chooser, which
 * JavaFX always makes modal, still costs a maximised window that state while it shows; the window gets it
 * back once the chooser closes.
 */
final class Dialogs {
    private static final Duration GIVE_BACK_AFTER = Duration.millis(300);

    private Dialogs() {
    }

    static <R> Optional<R> showAndWait(Dialog<R> dialog, Window owner) {
        prepare(dialog, owner);
        return dialog.showAndWait();
    }

    static void show(Dialog<?> dialog, Window owner) {
        prepare(dialog, owner);
        dialog.show();
    }

    /**
     * Runs a file or folder chooser shown over {@code owner}; any window of the owner chain that lost its
     * maximised or full-screen state meanwhile gets it back shortly after.
     */
    static <T> T choose(Window owner, Function<Window, T> chooser) {
        List<Stage> stages = new ArrayList<>();
        for (Window w = owner; w != null; w = w instanceof Stage s ? s.getOwner() : null) {
            if (w instanceof Stage s) {
                stages.add(s);
            }
        }
        List<Runnable> restore = new ArrayList<>();
        for (Stage s : stages) {
            boolean maximized = s.isMaximized();
            boolean fullScreen = s.isFullScreen();
            restore.add(() -> {
                if (maximized && !s.isMaximized()) {
                    s.setMaximized(true);
                }
                if (fullScreen && !s.isFullScreen()) {
                    s.setFullScreen(true);
                }
            });
        }
        try {
            return chooser.apply(owner);
        } finally {
            // Not at once: GTK hands the window manager the window's freed size hints only on its next frame,
            // and a window still fixed in size is not maximised.
            PauseTransition later = new PauseTransition(GIVE_BACK_AFTER);
            later.setOnFinished(e -> restore.forEach(Runnable::run));
            later.play();
        }
    }

    private static void prepare(Dialog<?> dialog, Window owner) {
        dialog.initOwner(owner);
        dialog.initModality(Modality.NONE);
        EventHandler<InputEvent> swallow = Event::consume;
        List<Window> blocked = new ArrayList<>();
        for (Window w = owner; w != null; w = w instanceof Stage s ? s.getOwner() : null) {
            blocked.add(w);
        }
        dialog.addEventHandler(DialogEvent.DIALOG_SHOWING, e -> blocked.forEach(w -> w.addEventFilter(InputEvent.ANY, swallow)));
        dialog.addEventHandler(DialogEvent.DIALOG_HIDDEN, e -> blocked.forEach(w -> w.removeEventFilter(InputEvent.ANY, swallow)));
        // Dialogs centre themselves on their owner, but GTK can drop a place given before the window is mapped,
        // and learns the dialog's size only after: centred again as it is shown and as its size arrives.
        InvalidationListener centre = o -> centre(dialog, owner);
        dialog.addEventHandler(DialogEvent.DIALOG_SHOWN, e -> {
            Platform.runLater(() -> centre(dialog, owner));
            dialog.widthProperty().addListener(centre);
            dialog.heightProperty().addListener(centre);
        });
        dialog.addEventHandler(DialogEvent.DIALOG_HIDDEN, e -> {
            dialog.widthProperty().removeListener(centre);
            dialog.heightProperty().removeListener(centre);
        });
    }

    private static void centre(Dialog<?> dialog, Window owner) {
        Rectangle2D ownerBounds = WindowBounds.of(owner);
        Rectangle2D b = WindowBounds.over(ownerBounds, dialog.getWidth(), dialog.getHeight(), WindowBounds.screenOf(ownerBounds));
        dialog.setX(b.getMinX());
        dialog.setY(b.getMinY());
    }
}
