package dev.dsv3viz.views;

import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.beans.value.ObservableValue;
import javafx.css.StyleableProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.util.Duration;

import java.util.List;

/**
 * A region that paints numbers on a canvas filling it: thousands of cells stay cheap to draw and to
 * snapshot. Its ink colours come from the theme's CSS ({@code -dsv-ink}, {@code -dsv-muted},
 * {@code -dsv-accent}); a tooltip names the number under the mouse.
 */
public abstract class CanvasView extends Region {
    private static final StyleablePropertyFactory<CanvasView> CSS = new StyleablePropertyFactory<>(Region.getClassCssMetaData());

    private final Canvas canvas = new Canvas();
    private final Tooltip tooltip = new Tooltip();
    private boolean tooltipInstalled;
    private final StyleableProperty<Color> ink =
            CSS.createStyleableColorProperty(this, "ink", "-dsv-ink", v -> v.ink, Color.web("#1b1b1b"));
    private final StyleableProperty<Color> muted =
            CSS.createStyleableColorProperty(this, "muted", "-dsv-muted", v -> v.muted, Color.web("#6b6b6b"));
    private final StyleableProperty<Color> accent =
            CSS.createStyleableColorProperty(this, "accent", "-dsv-accent", v -> v.accent, Color.web("#e66100"));
    /** Text on canvases grows with it, as labels grow with -fx-font-size (presentation mode sets it). */
    private final StyleableProperty<Number> fontScale =
            CSS.createStyleableNumberProperty(this, "fontScale", "-dsv-font-scale", v -> v.fontScale, 1.0);

    protected CanvasView() {
        getStyleClass().add("canvas-view");
        getChildren().add(canvas);
        tooltip.setShowDelay(Duration.millis(120));
        tooltip.getStyleClass().add("value-tooltip");
        canvas.setOnMouseMoved(e -> {
            String text = describe(e.getX(), e.getY());
            if (text == null && tooltipInstalled) {
                Tooltip.uninstall(canvas, tooltip);
                tooltipInstalled = false;
            } else if (text != null) {
                tooltip.setText(text);
                if (!tooltipInstalled) {
                    Tooltip.install(canvas, tooltip);
                    tooltipInstalled = true;
                }
            }
        });
        for (StyleableProperty<?> styled : List.of(ink, muted, accent, fontScale)) {
            ((ObservableValue<?>) styled).addListener(o -> redraw());
        }
    }

    /** Paints the whole view; called after every change of size, data or colours. */
    protected abstract void draw(GraphicsContext g, double width, double height);

    /** What the tooltip says at a point of the view, or null for nothing there. */
    protected String describe(double x, double y) {
        return null;
    }

    /** Paints again with the current data. */
    public final void redraw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (w > 0 && h > 0) {
            draw(g, w, h);
        }
    }

    protected final Color ink() {
        return ink.getValue();
    }

    protected final Color muted() {
        return muted.getValue();
    }

    protected final Color accent() {
        return accent.getValue();
    }

    protected final Font font(double size, boolean bold) {
        return Font.font("System", bold ? FontWeight.BOLD : FontWeight.NORMAL, size * fontScale.getValue().doubleValue());
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth() - snappedLeftInset() - snappedRightInset());
        double h = snapSizeY(getHeight() - snappedTopInset() - snappedBottomInset());
        canvas.relocate(snappedLeftInset(), snappedTopInset());
        if (w != canvas.getWidth() || h != canvas.getHeight()) {
            canvas.setWidth(Math.max(0, w));
            canvas.setHeight(Math.max(0, h));
        }
        redraw();
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CSS.getCssMetaData();
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return CSS.getCssMetaData();
    }
}
