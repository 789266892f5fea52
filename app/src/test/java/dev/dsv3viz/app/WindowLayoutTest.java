package dev.dsv3viz.app;

import javafx.application.Platform;
import javafx.event.Event;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuBar;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.text.Text;
import javafx.stage.Modality;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window's size and layout as a teacher meets them: its opening size, the panes beside the stage as
 * the window grows and shrinks, presentation mode and back, dialogs over a maximised window, and the
 * training window.
 */
class WindowLayoutTest extends WindowTest {

    @Test
    void opensOverMostOfTheScreenCentredAndNotBelowItsMinimum() throws Exception {
        Rectangle2D screen = fx(() -> Screen.getPrimary().getVisualBounds());
        WaitForAsyncUtils.waitForFxEvents();
        Rectangle2D bounds = fx(() -> WindowBounds.of(window));
        assertEquals(Math.floor(screen.getWidth() * 0.9), bounds.getWidth(), bounds + " on " + screen);
        assertEquals(Math.floor(screen.getHeight() * 0.9), bounds.getHeight(), bounds + " on " + screen);
        assertEquals(screen.getMinX() + (screen.getWidth() - bounds.getWidth()) / 2, bounds.getMinX(), 1, bounds + " on " + screen);
        assertEquals(screen.getMinY() + (screen.getHeight() - bounds.getHeight()) / 2, bounds.getMinY(), 1, bounds + " on " + screen);
        assertEquals(VisualizerApp.MIN_WIDTH, window.getMinWidth());
        assertEquals(VisualizerApp.MIN_HEIGHT, window.getMinHeight());
    }

    @Test
    void theOutlineAndSidePanelGrowInProportionAndNeverCutTheirText() throws Exception {
        awaitIdle();
        Rectangle2D screen = fx(() -> Screen.getPrimary().getVisualBounds());
        double[] shares = fx(() -> app.ui().paneShares());
        resize(VisualizerApp.MIN_WIDTH, VisualizerApp.MIN_HEIGHT);
        double[] small = paneWidths();
        fx(() -> {
            // The MTP module's rows are the most indented ones.
            PipelineOutline outline = (PipelineOutline) app.scene().lookup("#outline");
            TreeItem<PipelineOutline.Entry> mtp = outline.getRoot().getChildren().get(outline.getRoot().getChildren().size() - 1);
            mtp.setExpanded(true);
            outline.scrollTo(outline.getRow(mtp.getChildren().get(mtp.getChildren().size() - 1)));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(), fx(() -> cut((Parent) app.scene().lookup("#outline"))), "outline rows cut off at the smallest window");
        assertTrue(fx(() -> app.stage().getWidth()) > 0.4 * VisualizerApp.MIN_WIDTH, "the stage keeps its room");
        Node side = fx(() -> app.scene().lookup(".side-panel"));
        assertTrue(fx(() -> side.localToScene(side.getLayoutBounds()).getMaxX() <= app.scene().getWidth()),
                "the side panel is inside the window");

        resize(screen.getWidth(), screen.getHeight());
        double[] large = paneWidths();
        assertEquals(List.of(), fx(() -> cut(app.counters())), "counters cut off with room for them");
        assertTrue(large[0] > small[0] && large[1] > small[1], "both panes grow with the window: " + Arrays.toString(small)
                + " to " + Arrays.toString(large));
        assertArrayEquals(shares, fx(() -> app.ui().dividers()), 1.5 / splitWidth(), "the dividers are at their shares");
        resize(VisualizerApp.MIN_WIDTH, VisualizerApp.MIN_HEIGHT);
        assertArrayEquals(small, paneWidths(), 1e-9, "and shrink back");
        resize(screen.getWidth(), screen.getHeight());
        assertArrayEquals(large, paneWidths(), 1e-9, "and grow back");
        assertQuietConsole();
    }

    @Test
    void aDividerTheUserDragsKeepsItsShareAsTheWindowChanges(FxRobot robot) throws Exception {
        awaitIdle();
        Rectangle2D screen = fx(() -> Screen.getPrimary().getVisualBounds());
        resize(screen.getWidth(), screen.getHeight());
        double[] before = fx(() -> app.ui().dividers());
        Node divider = fx(() -> app.scene().lookup(".split-pane-divider"));
        robot.drag(divider).moveBy(60, 0).drop();
        settle(() -> app.ui().paneShares()[0] != before[0]);
        double[] dragged = fx(() -> app.ui().dividers());
        assertTrue(dragged[0] > before[0] + 30 / splitWidth(), "the drag moved the outline's end: " + before[0] + " to " + dragged[0]);
        assertArrayEquals(dragged, fx(() -> app.ui().paneShares()), 1e-9, "the user's share");
        resize(1100, 700);
        resize(screen.getWidth(), screen.getHeight());
        assertArrayEquals(dragged, fx(() -> app.ui().dividers()), 1e-9, "back where the user put it");
        assertQuietConsole();
    }

    @Test
    void presentationAndBackLeavesEveryDividerAndTheWindowAsTheyWere(FxRobot robot) throws Exception {
        awaitIdle();
        // Monocle leaves full screen for the restored bounds whatever the window was before, unlike a window
        // manager: the maximised case needs a real window (-Pdisplay with a window manager running).
        boolean monocle = "Monocle".equals(System.getProperty("glass.platform"));
        for (boolean maximized : monocle ? new boolean[]{false} : new boolean[]{false, true}) {
            if (!maximized) {
                // Smaller than the screen, where the outline's minimum holds its divider off its share.
                resize(1100, 700);
            }
            fx(() -> {
                window.setMaximized(maximized);
                app.ui().focusStage();
                return null;
            });
            settle(() -> window.getWidth() == (maximized ? Screen.getPrimary().getVisualBounds().getWidth() : 1100) && laidOut());
            String where = maximized ? "maximised" : "restored";
            double[] dividers = fx(() -> app.ui().dividers());
            double[] panes = paneWidths();
            Rectangle2D bounds = fx(() -> WindowBounds.of(window));
            for (KeyCode leave : new KeyCode[]{KeyCode.ESCAPE, KeyCode.F5}) {
                robot.type(KeyCode.F5);
                settle(() -> window.isFullScreen() && laidOut());
                assertTrue(window.isFullScreen(), where);
                assertTrue(fx(() -> app.ui().isPresenting()), where);
                robot.type(leave);
                settle(() -> !window.isFullScreen() && WindowBounds.of(window).equals(bounds) && laidOut()
                        && Arrays.equals(dividers, app.ui().dividers()));
                String how = where + ", left with " + leave;
                assertFalse(window.isFullScreen(), how);
                assertFalse(fx(() -> app.ui().isPresenting()), how);
                assertEquals(maximized, window.isMaximized(), how);
                assertEquals(bounds, fx(() -> WindowBounds.of(window)), how);
                assertArrayEquals(dividers, fx(() -> app.ui().dividers()), 1e-12, how + ": every divider is where it was");
                assertArrayEquals(panes, paneWidths(), 1e-9, how);
            }
        }
        assertQuietConsole();
    }

    @Test
    void dialogsBelongToTheWindowAreCentredOnItAndLeaveItMaximised() throws Exception {
        awaitIdle();
        fx(() -> {
            window.setMaximized(true);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        Rectangle2D bounds = fx(() -> WindowBounds.of(window));
        MenuBar menus = fx(() -> (MenuBar) app.scene().lookup(".menu-bar"));
        List<Runnable> openers = List.of(app::exportSteps,
                () -> menus.getMenus().get(menus.getMenus().size() - 1).getItems().get(0).fire());
        for (Runnable open : openers) {
            Platform.runLater(open);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> dialog() != null));
            Stage d = fx(this::dialog);
            settle(() -> Math.abs(d.getX() + d.getWidth() / 2 - (bounds.getMinX() + bounds.getWidth() / 2)) <= 1);
            String title = d.getTitle();
            assertSame(window, d.getOwner(), title);
            // A dialog modal to the window system has JavaFX 21 on Linux fix the window's size hints, which the
            // window manager answers by restoring a maximised window: the dialog is modal to the window instead.
            assertEquals(Modality.NONE, d.getModality(), title);
            assertTrue(window.isMaximized(), title);
            assertEquals(bounds, fx(() -> WindowBounds.of(window)), title);
            Rectangle2D db = fx(() -> WindowBounds.of(d));
            assertEquals(bounds.getMinX() + bounds.getWidth() / 2, db.getMinX() + db.getWidth() / 2, 1, title + " is centred: " + db);
            assertEquals(bounds.getMinY() + bounds.getHeight() / 2, db.getMinY() + db.getHeight() / 2, 1, title + " is centred: " + db);
            assertTrue(fx(() -> Screen.getPrimary().getVisualBounds()).contains(db), title + " is on screen: " + db);

            int step = fx(() -> app.session().frame().stepIndex());
            fx(() -> pressRight());
            assertEquals(step, fx(() -> app.session().frame().stepIndex()), title + ": the window takes no keys meanwhile");
            fx(() -> {
                closeButton(d).fire();
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            assertFalse(d.isShowing(), title);
            fx(() -> pressRight());
            assertEquals(step + 1, fx(() -> app.session().frame().stepIndex()), title + ": and takes them again once it is closed");
            assertTrue(window.isMaximized(), title);
        }
        assertQuietConsole();
    }

    @Test
    void aChooserThatCostTheWindowItsMaximisedStateGivesItBack() throws Exception {
        awaitIdle();
        fx(() -> {
            window.setMaximized(true);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        // What a window manager does while JavaFX 21's chooser disables the window (see Dialogs).
        assertNotNull(fx(() -> Dialogs.choose(window, owner -> {
            window.setMaximized(false);
            return owner;
        })));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, window::isMaximized);
    }

    @Test
    void theTrainingWindowOpensSizedToItsContentOverTheWindowAndOnScreen() throws Exception {
        awaitIdle();
        TrainingWindow w = fx(app::openTrainingHistory);
        assertNotNull(w);
        Stage s = w.stage();
        Parent root = fx(() -> s.getScene().getRoot());
        double prefWidth = fx(() -> Math.ceil(root.prefWidth(-1)));
        settle(() -> Math.abs(s.getScene().getWidth() - prefWidth) <= 1 && Math.abs(s.getX() + s.getWidth() / 2
                - (window.getX() + window.getWidth() / 2)) <= 1);
        assertEquals(prefWidth, fx(() -> s.getScene().getWidth()), 1, "as wide as its content");
        assertEquals(fx(() -> Math.ceil(root.prefHeight(prefWidth))), fx(() -> s.getScene().getHeight()), 1, "as high as its content");
        Rectangle2D b = fx(() -> WindowBounds.of(s));
        Rectangle2D main = fx(() -> WindowBounds.of(window));
        assertTrue(fx(() -> Screen.getPrimary().getVisualBounds()).contains(b), "on screen: " + b);
        assertEquals(main.getMinX() + main.getWidth() / 2, b.getMinX() + b.getWidth() / 2, 1, "centred on the window: " + b);
        assertEquals(main.getMinY() + main.getHeight() / 2, b.getMinY() + b.getHeight() / 2, 1, "centred on the window: " + b);
        fx(() -> {
            s.close();
            return null;
        });
        assertQuietConsole();
    }

    /** Resizes the window in the screen's top left corner (a window off the edge fails Monocle's painter). */
    private void resize(double width, double height) throws Exception {
        fx(() -> {
            Rectangle2D screen = Screen.getPrimary().getVisualBounds();
            window.setX(screen.getMinX());
            window.setY(screen.getMinY());
            window.setWidth(width);
            window.setHeight(height);
            return null;
        });
        // Laid out at that size: the split pane is as wide as the scene and nothing waits for a layout.
        settle(() -> window.getWidth() == width && window.getHeight() == height && laidOut());
    }

    /**
     * Laid out at the window's size: the split pane (outside presentation mode) is as wide as the scene and
     * nothing waits for a layout.
     */
    private boolean laidOut() {
        Node split = app.scene().lookup(".split-pane");
        return !app.scene().getRoot().isNeedsLayout()
                && (split == null || split.getLayoutBounds().getWidth() == app.scene().getWidth());
    }

    /**
     * Waits a while for {@code condition}, on the JavaFX thread: a real window manager answers a change of
     * size or place in its own time. The assertions after it say what did not happen.
     */
    private static void settle(Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx(condition));
        } catch (TimeoutException e) {
            // Reported by the assertions that follow.
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The outline's and the side panel's widths. */
    private double[] paneWidths() throws Exception {
        return fx(() -> new double[]{app.scene().lookup("#outline").getLayoutBounds().getWidth(),
                app.scene().lookup(".side-panel").getLayoutBounds().getWidth()});
    }

    private double splitWidth() throws Exception {
        return fx(() -> app.scene().lookup(".split-pane").getLayoutBounds().getWidth());
    }

    /** The texts under {@code parent} that are shown shortened (with an ellipsis) rather than whole. */
    private static List<String> cut(Parent parent) {
        List<String> cut = new ArrayList<>();
        for (Node n : parent.lookupAll(".labeled")) {
            if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty() && n.isVisible()) {
                Text shown = (Text) l.lookup(".text");
                if (shown != null && !shown.getText().equals(l.getText())) {
                    cut.add(l.getText() + " shown as " + shown.getText());
                }
            }
        }
        return cut;
    }

    /** The dialog showing over the window, if any. */
    private Stage dialog() {
        return Window.getWindows().stream().filter(w -> w != window && w.isShowing() && w instanceof Stage s
                && s.getOwner() == window && s.getScene().getRoot() instanceof javafx.scene.control.DialogPane)
                .map(Stage.class::cast).findFirst().orElse(null);
    }

    private static Button closeButton(Stage dialog) {
        return dialog.getScene().getRoot().lookupAll(".button").stream().map(Button.class::cast)
                .filter(b -> ButtonBar.getButtonData(b) != null && (ButtonBar.getButtonData(b).isCancelButton()
                        || ButtonBar.getButtonData(b) == ButtonBar.ButtonData.OK_DONE))
                .reduce((a, b) -> ButtonBar.getButtonData(a).isCancelButton() ? a : b).orElseThrow();
    }

    /** Presses the Right key in the window, on the stage, as a keyboard would. */
    private Void pressRight() {
        Node target = app.stage();
        Event.fireEvent(target, new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.RIGHT, false, false, false, false));
        return null;
    }
}
