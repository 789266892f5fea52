package dev.dsv3viz.views;

import javafx.animation.KeyFrame;
import javafx.animation.KeyValue;
import javafx.animation.Timeline;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.scene.canvas.GraphicsContext;
import javafx.util.Duration;

import java.util.Locale;

/**
 * The rotary half of a query or key as 2-D pairs, one dial each: the pair before RoPE (grey), after it
 * (coloured), and the arc of the angle position x theta_i it turned by. Fast pairs (large theta) have
 * spun many times at later positions; slow ones have barely moved, which is how RoPE encodes distance.
 */
public final class RotaryDials extends CanvasView {
    private float[] before = new float[0];
    private float[] after = new float[0];
    private int[] first = new int[0];
    private int[] second = new int[0];
    private float[] theta = new float[0];
    private int position;
    private String title = "";
    private final DoubleProperty progress = new SimpleDoubleProperty(1);
    private final Timeline turn = new Timeline();

    public RotaryDials() {
        getStyleClass().add("rotary-dials");
        setPrefSize(900, 170);
        setMinHeight(120);
        progress.addListener(o -> redraw());
    }

    /**
     * @param before      the rotary part before rotation
     * @param after       the same after rotation, as the model computed it
     * @param theta       each pair's rotation speed (radians per position)
     * @param position    the token's position
     * @param interleaved pairs are (2i, 2i+1) when true, (i, i + d/2) otherwise
     */
    public void show(String title, float[] before, float[] after, float[] theta, int position, boolean interleaved,
                     boolean animate) {
        this.title = title;
        this.before = before.clone();
        this.after = after.clone();
        this.theta = theta.clone();
        this.position = position;
        int pairs = before.length / 2;
        first = new int[pairs];
        second = new int[pairs];
        for (int i = 0; i < pairs; i++) {
            first[i] = interleaved ? 2 * i : i;
            second[i] = interleaved ? 2 * i + 1 : i + pairs;
        }
        turn.stop();
        if (animate && Motion.enabled()) {
            turn.getKeyFrames().setAll(new KeyFrame(Duration.ZERO, new KeyValue(progress, 0)),
                    new KeyFrame(Duration.millis(1200), new KeyValue(progress, 1)));
            turn.playFromStart();
        } else {
            progress.set(1);
        }
        redraw();
    }

    private int columns(double width) {
        return Math.max(1, Math.min(first.length, (int) (width / 84)));
    }

    @Override
    protected void draw(GraphicsContext g, double width, double height) {
        g.setFill(ink());
        g.setFont(font(14, true));
        drawText(g, title, 0, 15, TextRole.TEXT);
        int pairs = first.length;
        if (pairs == 0) {
            return;
        }
        int cols = columns(width);
        int rows = (pairs + cols - 1) / cols;
        double cw = width / cols;
        double ch = (height - 22) / rows;
        double scale = 0;
        for (int i = 0; i < pairs; i++) {
            scale = Math.max(scale, Math.hypot(before[first[i]], before[second[i]]));
            scale = Math.max(scale, Math.hypot(after[first[i]], after[second[i]]));
        }
        for (int i = 0; i < pairs; i++) {
            double cx = (i % cols + 0.5) * cw;
            double r = Math.min(cw - 8, ch - 44) / 2;
            double cy = 22 + (i / cols) * ch + r + 4;
            drawDial(g, i, cx, cy, Math.max(8, r), scale);
        }
    }

    private void drawDial(GraphicsContext g, int i, double cx, double cy, double r, double scale) {
        g.setStroke(muted().deriveColor(0, 1, 1, 0.5));
        g.setLineWidth(1);
        g.strokeOval(cx - r, cy - r, 2 * r, 2 * r);
        double bx = before[first[i]];
        double by = before[second[i]];
        double angle = position * (double) theta[i];
        double start = Math.atan2(by, bx);
        double k = scale > 0 ? r / scale : 0;
        g.setStroke(muted());
        g.setLineWidth(2);
        g.strokeLine(cx, cy, cx + bx * k, cy - by * k);
        double shown = angle * progress.get();
        double len;
        double ax;
        double ay;
        if (progress.get() >= 1) {
            ax = after[first[i]];
            ay = after[second[i]];
        } else {
            len = Math.hypot(bx, by);
            ax = len * Math.cos(start + shown);
            ay = len * Math.sin(start + shown);
        }
        double sweep = Math.toDegrees(shown % (2 * Math.PI));
        g.setStroke(accent().deriveColor(0, 1, 1, 0.55));
        g.setLineWidth(3);
        g.strokeArc(cx - r * 0.45, cy - r * 0.45, r * 0.9, r * 0.9, Math.toDegrees(start), sweep, javafx.scene.shape.ArcType.OPEN);
        g.setStroke(accent());
        g.setLineWidth(3);
        g.strokeLine(cx, cy, cx + ax * k, cy - ay * k);
        g.setFill(ink());
        g.setFont(font(13, true));
        g.setTextAlign(javafx.scene.text.TextAlignment.CENTER);
        drawText(g, Messages.get("rope.dial", i), cx, cy + r + 16, TextRole.TEXT);
        g.setFont(font(12, false));
        String turns = String.format(Locale.ROOT, "%.2f", angle / (2 * Math.PI));
        drawText(g, Messages.get("rope.turns", turns), cx, cy + r + 31, TextRole.TEXT);
        g.setTextAlign(javafx.scene.text.TextAlignment.LEFT);
    }

    @Override
    protected String describe(double x, double y) {
        int pairs = first.length;
        if (pairs == 0 || y < 22) {
            return null;
        }
        int cols = columns(getWidth());
        int rows = (pairs + cols - 1) / cols;
        int i = (int) (x / (getWidth() / cols)) + cols * (int) ((y - 22) / ((getHeight() - 22) / rows));
        if (i < 0 || i >= pairs) {
            return null;
        }
        double angle = position * (double) theta[i];
        return Messages.get("tip.rope.pair", i, first[i], second[i], Format.value(theta[i]), position,
                Format.value(angle), Format.value(Math.toDegrees(angle) % 360),
                Format.value(before[first[i]]), Format.value(before[second[i]]),
                Format.value(after[first[i]]), Format.value(after[second[i]]));
    }
}
