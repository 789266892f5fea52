package dev.dsv3viz.app;

import javafx.collections.ListChangeListener;
import javafx.event.EventTarget;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.input.MouseEvent;

import java.util.Arrays;
import java.util.stream.DoubleStream;

/**
 * A split pane whose dividers stay at the fractions of its width that the user dragged them to (or the
 * ones it starts with), whatever the window's size: the panes beside the stage grow and shrink with the
 * window in proportion, and a window that shrinks and grows back, or leaves presentation mode, finds every
 * divider where it was. A pane whose minimum width is more than its share gets its minimum, and its share
 * back once there is room. (SplitPane itself shares a change of width out evenly among its panes.)
 */
final class ProportionalSplit extends SplitPane {
    private double[] shares;
    /**
     * The width and the panes' minimum widths at the last layout: when they change, the dividers go back to
     * their shares (as far as the minimums let them).
     */
    private double[] laidOut = {};

    ProportionalSplit(double[] shares, Node... panes) {
        super(panes);
        this.shares = shares.clone();
        setDividerPositions(this.shares);
        // A pane put back (as after presentation mode) comes with a new divider at the middle.
        getItems().addListener((ListChangeListener<Node>) c -> {
            setDividerPositions(this.shares);
            laidOut = new double[0];
        });
        addEventFilter(MouseEvent.MOUSE_RELEASED, e -> {
            if (onDivider(e.getTarget())) {
                this.shares = getDividerPositions();
            }
        });
    }

    @Override
    protected void layoutChildren() {
        double[] now = DoubleStream.concat(DoubleStream.of(getWidth()), getItems().stream().mapToDouble(n -> n.minWidth(-1)))
                .toArray();
        if (Arrays.equals(now, laidOut)) {
            super.layoutChildren();
            return;
        }
        laidOut = now;
        // Twice: a divider moving right is stopped by the old place of the one after it, which the first
        // layout moves.
        for (int pass = 0; pass < 2; pass++) {
            setDividerPositions(shares);
            super.layoutChildren();
        }
    }

    /** The width the dividers themselves take. */
    double dividerWidths() {
        return getChildrenUnmodifiable().stream().filter(n -> n.getStyleClass().contains("split-pane-divider"))
                .mapToDouble(n -> n.prefWidth(-1)).sum();
    }

    /** The dividers' places as fractions of the width, as the user left them. */
    double[] shares() {
        return shares.clone();
    }

    void shares(double[] shares) {
        this.shares = shares.clone();
        setDividerPositions(this.shares);
    }

    private boolean onDivider(EventTarget target) {
        for (Node n = target instanceof Node node ? node : null; n != null && n != this; n = n.getParent()) {
            if (n.getStyleClass().contains("split-pane-divider")) {
                return true;
            }
        }
        return false;
    }
}
