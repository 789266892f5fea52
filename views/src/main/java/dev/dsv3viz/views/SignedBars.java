package dev.dsv3viz.views;

import javafx.scene.canvas.GraphicsContext;

/** Signed values per expert (the router's bias) as bars up and down from a zero line. */
public final class SignedBars extends CanvasView {
    private double[] values = new double[0];
    private double scale;
    private String title = "";

    public SignedBars() {
        getStyleClass().add("signed-bars");
        setPrefSize(600, 120);
        setMinHeight(70);
    }

    /**
     * @param scale the magnitude drawn at full half-height (0 or less: the largest magnitude shown)
     */
    public void show(String title, double[] values, double scale) {
        this.title = title;
        this.values = values.clone();
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        this.scale = scale > 0 ? scale : Math.max(max, 1e-9);
        redraw();
    }

    public double[] values() {
        return values.clone();
    }

    @Override
    protected void draw(GraphicsContext g, double width, double height) {
        g.setFill(ink());
        g.setFont(font(14, true));
        drawText(g, title, 0, 15, TextRole.TEXT);
        int n = values.length;
        if (n == 0) {
            return;
        }
        double top = 24;
        double zero = top + (height - top) / 2;
        double half = (height - top) / 2 - 2;
        double cell = width / n;
        for (int e = 0; e < n; e++) {
            double h = Math.min(1, Math.abs(values[e]) / scale) * half;
            // Full colour by sign, as in the router view: a small bias must still be seen; its height says how small.
            g.setFill(values[e] >= 0 ? Palette.BIAS_UP : Palette.BIAS_DOWN);
            g.fillRect(e * cell + cell * 0.1, values[e] >= 0 ? zero - h : zero, Math.max(1, cell * 0.8), h);
        }
        g.setStroke(muted());
        g.setLineWidth(1);
        g.strokeLine(0, zero, width, zero);
    }

    @Override
    protected String describe(double x, double y) {
        if (values.length == 0 || x < 0 || x >= getWidth()) {
            return null;
        }
        int e = (int) (x / (getWidth() / values.length));
        return Messages.get("tip.bias", e, Format.value(values[e]));
    }
}
