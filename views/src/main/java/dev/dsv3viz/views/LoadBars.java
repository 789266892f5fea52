package dev.dsv3viz.views;

import javafx.scene.canvas.GraphicsContext;

/**
 * How many tokens each expert received, as bars with the mean drawn across them: the picture of
 * load balance (flat is balanced, spikes and gaps are collapse).
 */
public final class LoadBars extends CanvasView {
    private double[] load = new double[0];
    private double scale;
    private String title = "";
    private String unit = "";

    public LoadBars() {
        getStyleClass().add("load-bars");
        setPrefSize(600, 140);
        setMinHeight(80);
    }

    /**
     * @param scale the value drawn at full height (0 or less: the largest load shown)
     */
    public void show(String title, String unit, double[] load, double scale) {
        this.title = title;
        this.unit = unit;
        this.load = load.clone();
        double max = 0;
        for (double v : load) {
            max = Math.max(max, v);
        }
        this.scale = scale > 0 ? scale : Math.max(max, 1e-9);
        redraw();
    }

    public double[] load() {
        return load.clone();
    }

    private double mean() {
        double sum = 0;
        for (double v : load) {
            sum += v;
        }
        return load.length == 0 ? 0 : sum / load.length;
    }

    @Override
    protected void draw(GraphicsContext g, double width, double height) {
        g.setFill(ink());
        g.setFont(font(14, true));
        drawText(g, title, 0, 15, TextRole.TEXT);
        int n = load.length;
        if (n == 0) {
            return;
        }
        double top = 24;
        double bottom = height - 4;
        double cell = width / n;
        for (int e = 0; e < n; e++) {
            double h = Math.min(1, load[e] / scale) * (bottom - top);
            g.setFill(Palette.sequential(0.35 + 0.5 * Math.min(1, load[e] / scale)));
            g.fillRect(e * cell + cell * 0.1, bottom - h, Math.max(1, cell * 0.8), h);
        }
        double meanY = bottom - Math.min(1, mean() / scale) * (bottom - top);
        g.setStroke(accent());
        g.setLineWidth(2);
        g.setLineDashes(6, 4);
        g.strokeLine(0, meanY, width, meanY);
        g.setLineDashes();
        g.setFill(accent());
        g.setFont(font(13, false));
        drawText(g, Messages.get("load.mean", Format.value(mean()), unit), Math.max(0, width - 170), Math.max(top + 12, meanY - 4), TextRole.TEXT);
    }

    @Override
    protected String describe(double x, double y) {
        if (load.length == 0 || x < 0 || x >= getWidth()) {
            return null;
        }
        int e = (int) (x / (getWidth() / load.length));
        return Messages.get("tip.load", e, Format.value(load[e]), unit);
    }
}
