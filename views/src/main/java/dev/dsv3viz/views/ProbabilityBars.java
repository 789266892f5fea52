package dev.dsv3viz.views;

import javafx.scene.canvas.GraphicsContext;

/** The most likely next tokens as horizontal bars, each with its piece, id and probability. */
public final class ProbabilityBars extends CanvasView {
    private String[] labels = new String[0];
    private float[] probabilities = new float[0];
    private int marked = -1;
    private String title = "";

    public ProbabilityBars() {
        getStyleClass().add("probability-bars");
        setPrefSize(520, 320);
    }

    /**
     * @param marked the row to outline (the token that actually came next), or -1
     */
    public void show(String title, String[] labels, float[] probabilities, int marked) {
        this.title = title;
        this.labels = labels.clone();
        this.probabilities = probabilities.clone();
        this.marked = marked;
        redraw();
    }

    private double rowHeight(double height) {
        return labels.length == 0 ? 0 : Math.min(34, (height - 24) / labels.length);
    }

    @Override
    protected void draw(GraphicsContext g, double width, double height) {
        g.setFill(ink());
        g.setFont(font(15, true));
        drawText(g, title, 0, 16, TextRole.TEXT);
        double rh = rowHeight(height);
        double labelW = Math.min(220, width * 0.38);
        double barMax = width - labelW - 70;
        for (int i = 0; i < labels.length; i++) {
            double y = 24 + i * rh;
            g.setFill(ink());
            g.setFont(font(Math.min(16, rh * 0.55), i == 0));
            drawText(g, labels[i], 0, y + rh * 0.68, labelW - 8, TextRole.TEXT);
            double w = Math.max(1, probabilities[i] * barMax);
            g.setFill(i == 0 ? accent() : Palette.sequential(0.3 + 0.6 * probabilities[i]));
            g.fillRect(labelW, y + rh * 0.15, w, rh * 0.7);
            if (i == marked) {
                g.setStroke(ink());
                g.setLineWidth(2);
                g.strokeRect(labelW - 2, y + rh * 0.1, barMax + 4, rh * 0.8);
            }
            g.setFill(ink());
            drawText(g, Format.percent(probabilities[i]), labelW + w + 6, y + rh * 0.68, TextRole.TEXT);
        }
    }

    @Override
    protected String describe(double x, double y) {
        double rh = rowHeight(getHeight());
        int i = rh <= 0 ? -1 : (int) ((y - 24) / rh);
        if (i < 0 || i >= labels.length) {
            return null;
        }
        return Messages.get("tip.probability", labels[i], Format.value(probabilities[i]));
    }
}
