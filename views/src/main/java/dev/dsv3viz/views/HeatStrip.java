package dev.dsv3viz.views;

import javafx.scene.canvas.GraphicsContext;

/**
 * One vector as a row of coloured cells (blue negative, orange positive), its length written beside
 * it. The tooltip gives the index and the value under the mouse.
 */
public final class HeatStrip extends CanvasView {
    private static final double LENGTH_LABEL = 44;
    private float[] values = new float[0];
    private double scale;
    private String name = "";

    public HeatStrip() {
        getStyleClass().add("heat-strip");
        setMinHeight(18);
        setPrefHeight(26);
        setPrefWidth(320);
    }

    /**
     * Shows {@code values}; {@code scale} is the magnitude drawn at full colour (0 or less: the vector's
     * own largest magnitude, so each strip uses its whole range).
     */
    public void show(String name, float[] values, double scale) {
        this.name = name;
        this.values = values.clone();
        this.scale = scale > 0 ? scale : Palette.maxAbs(values);
        redraw();
    }

    public float[] values() {
        return values.clone();
    }

    @Override
    protected void draw(GraphicsContext g, double width, double height) {
        double cellsWidth = width - LENGTH_LABEL;
        int n = values.length;
        if (n == 0 || cellsWidth <= 0) {
            return;
        }
        double cell = cellsWidth / n;
        for (int i = 0; i < n; i++) {
            g.setFill(Palette.diverging(values[i], scale));
            // Overlap by a pixel so narrow cells leave no seams.
            g.fillRect(i * cell, 0, cell + (cell < 3 ? 0.6 : 0), height);
        }
        g.setStroke(muted());
        g.setLineWidth(1);
        g.strokeRect(0.5, 0.5, cellsWidth - 1, height - 1);
        g.setFill(muted());
        g.setFont(font(Math.min(14, height * 0.6), false));
        drawText(g, Integer.toString(n), cellsWidth + 6, height * 0.5 + 5, TextRole.TEXT);
    }

    @Override
    protected String describe(double x, double y) {
        double cellsWidth = getWidth() - LENGTH_LABEL;
        if (values.length == 0 || x < 0 || x >= cellsWidth) {
            return null;
        }
        int i = (int) (x / (cellsWidth / values.length));
        return Messages.get("tip.vector.value", name, i, values.length, Format.value(values[i]));
    }
}
