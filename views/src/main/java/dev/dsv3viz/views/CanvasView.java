package dev.dsv3viz.views;

import javafx.beans.value.ObservableValue;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextBoundsType;
import javafx.scene.transform.Affine;
import javafx.util.Duration;

import java.util.ArrayList;
import java.util.List;

/**
 * A region that paints numbers on a canvas filling it: thousands of cells stay cheap to draw and to
 * snapshot. Its ink colours come from the theme's CSS ({@code -dsv-ink}, {@code -dsv-muted},
 * {@code -dsv-accent}); a tooltip names the number under the mouse. Every text goes through
 * {@link #drawText}, so that a layout check can ask what was drawn where ({@link #captureText}).
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
    private final List<DrawnText> drawn = new ArrayList<>();
    private TextCapture capture = TextCapture.OFF;
    /** Measures texts while they are captured; made on first use. */
    private Text measure;

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
        drawn.clear();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (w > 0 && h > 0) {
            draw(g, w, h);
        }
    }

    /** Starts or stops recording the texts this view draws, and paints again. */
    public final void captureText(TextCapture mode) {
        capture = mode;
        redraw();
    }

    /** The texts of the last painting while they are captured; empty otherwise. */
    public final List<DrawnText> drawnText() {
        return List.copyOf(drawn);
    }

    /** Draws a text with the context's font, fill and alignment. */
    protected final void drawText(GraphicsContext g, String text, double x, double y, TextRole role) {
        drawText(g, text, x, y, Double.NaN, role);
    }

    /**
     * Draws a text squeezed to at most {@code maxWidth} (as {@link GraphicsContext#fillText(String, double,
     * double, double)}, which draws nothing when there is no room).
     */
    protected final void drawText(GraphicsContext g, String text, double x, double y, double maxWidth, TextRole role) {
        if (capture != TextCapture.OFF) {
            drawn.add(measure(g, text, x, y, maxWidth, role));
        }
        if (capture == TextCapture.RECORD_WITHOUT_DRAWING) {
            return;
        }
        if (Double.isNaN(maxWidth)) {
            g.fillText(text, x, y);
        } else {
            g.fillText(text, x, y, maxWidth);
        }
    }

    /**
     * Where a text's ink lands on the canvas: its glyphs' box placed by the context's alignment, squeeze
     * and transform.
     */
    private DrawnText measure(GraphicsContext g, String text, double x, double y, double maxWidth, TextRole role) {
        if (measure == null) {
            measure = new Text();
        }
        measure.setText(text);
        measure.setFont(g.getFont());
        measure.setBoundsType(TextBoundsType.LOGICAL);
        Bounds line = measure.getLayoutBounds(); // from the first baseline: minY is minus the ascent
        measure.setBoundsType(TextBoundsType.VISUAL);
        Bounds glyphs = measure.getLayoutBounds();
        double natural = line.getWidth();
        double width = Double.isNaN(maxWidth) ? natural : Math.max(0, Math.min(natural, maxWidth));
        double squeeze = natural > 0 ? width / natural : 1;
        double left = switch (g.getTextAlign()) {
            case CENTER -> x - width / 2;
            case RIGHT -> x - width;
            default -> x;
        };
        double baseline = switch (g.getTextBaseline()) {
            case TOP -> y - line.getMinY();
            case CENTER -> y - line.getMinY() - line.getHeight() / 2;
            case BOTTOM -> y - line.getMaxY();
            default -> y;
        };
        Affine at = g.getTransform();
        Bounds box = at.transform(new BoundingBox(left + glyphs.getMinX() * squeeze, baseline + glyphs.getMinY(),
                glyphs.getWidth() * squeeze, glyphs.getHeight()));
        double across = at.deltaTransform(0, 1).magnitude();
        return new DrawnText(text, role, g.getFont().getSize() * across, box, g.getFill(), g.getGlobalAlpha(), natural,
                maxWidth);
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
