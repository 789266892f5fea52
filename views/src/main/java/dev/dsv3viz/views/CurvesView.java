package dev.dsv3viz.views;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

import java.util.List;

/**
 * Lines over training steps (losses, load spread), each in its own colour of the Okabe-Ito palette
 * (distinguishable with colour-blindness) and dashed where asked, with a cursor at the current step.
 */
public final class CurvesView extends CanvasView {
    private static final Color[] COLOURS = {Color.web("#0072B2"), Color.web("#E69F00"), Color.web("#009E73"),
            Color.web("#CC79A7"), Color.web("#D55E00"), Color.web("#56B4E9"), Color.web("#F0E442")};
    private static final double LEFT = 52;
    private static final double BOTTOM = 22;

    /** One line: its name, x and y values, colour slot and whether it is dashed. */
    public record Series(String name, double[] x, double[] y, int colour, boolean dashed) {
        public Series {
            x = x.clone();
            y = y.clone();
        }

        @Override
        public double[] x() {
            return x.clone();
        }

        @Override
        public double[] y() {
            return y.clone();
        }
    }

    private List<Series> series = List.of();
    private String title = "";
    private double cursor = Double.NaN;

    public CurvesView() {
        getStyleClass().add("curves-view");
        setPrefSize(600, 220);
        setMinHeight(120);
    }

    /** @param cursor the x of the current step (NaN: none) */
    public void show(String title, List<Series> series, double cursor) {
        this.title = title;
        this.series = List.copyOf(series);
        this.cursor = cursor;
        redraw();
    }

    public List<Series> series() {
        return series;
    }

    private double[] range() {
        double x0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                if (Double.isFinite(s.y[i])) {
                    x0 = Math.min(x0, s.x[i]);
                    x1 = Math.max(x1, s.x[i]);
                    y0 = Math.min(y0, s.y[i]);
                    y1 = Math.max(y1, s.y[i]);
                }
            }
        }
        if (x1 <= x0) {
            x1 = x0 + 1;
        }
        if (y1 <= y0) {
            y1 = y0 + 1;
        }
        return new double[]{x0, x1, y0, y1};
    }

    @Override
    protected void draw(GraphicsContext g, double width, double height) {
        g.setFill(ink());
        g.setFont(font(14, true));
        drawText(g, title, 0, 15, TextRole.TEXT);
        if (series.isEmpty()) {
            return;
        }
        double[] r = range();
        double top = 40;
        double plotW = width - LEFT - 8;
        double plotH = height - top - BOTTOM;
        g.setStroke(muted());
        g.setLineWidth(1);
        g.strokeLine(LEFT, top, LEFT, top + plotH);
        g.strokeLine(LEFT, top + plotH, LEFT + plotW, top + plotH);
        g.setFill(muted());
        g.setFont(font(12, false));
        drawText(g, Format.value(r[3]), 2, top + 10, TextRole.AXIS_LABEL);
        drawText(g, Format.value(r[2]), 2, top + plotH, TextRole.AXIS_LABEL);
        drawText(g, Format.exact(Math.round(r[0])), LEFT, height - 4, TextRole.AXIS_LABEL);
        drawText(g, Format.exact(Math.round(r[1])), LEFT + plotW - 40, height - 4, TextRole.AXIS_LABEL);
        double legendX = 0;
        for (Series s : series) {
            Color c = COLOURS[s.colour % COLOURS.length];
            g.setStroke(c);
            g.setLineWidth(2.5);
            g.setLineDashes(s.dashed ? new double[]{8, 5} : null);
            boolean started = false;
            g.beginPath();
            for (int i = 0; i < s.x.length; i++) {
                if (!Double.isFinite(s.y[i])) {
                    continue;
                }
                double px = LEFT + (s.x[i] - r[0]) / (r[1] - r[0]) * plotW;
                double py = top + (1 - (s.y[i] - r[2]) / (r[3] - r[2])) * plotH;
                if (started) {
                    g.lineTo(px, py);
                } else {
                    g.moveTo(px, py);
                    started = true;
                }
            }
            g.stroke();
            g.setLineDashes(null);
            g.setStroke(c);
            g.strokeLine(legendX, 29, legendX + 18, 29);
            g.setFill(ink());
            g.setFont(font(12, false));
            drawText(g, s.name, legendX + 22, 33, TextRole.TEXT);
            legendX += 30 + s.name.length() * 7;
        }
        if (Double.isFinite(cursor)) {
            double px = LEFT + (cursor - r[0]) / (r[1] - r[0]) * plotW;
            g.setStroke(accent());
            g.setLineWidth(2);
            g.strokeLine(px, top, px, top + plotH);
        }
    }

    @Override
    protected String describe(double x, double y) {
        if (series.isEmpty() || x < LEFT) {
            return null;
        }
        double[] r = range();
        double step = r[0] + (x - LEFT) / (getWidth() - LEFT - 8) * (r[1] - r[0]);
        StringBuilder s = new StringBuilder();
        for (Series line : series) {
            int best = -1;
            for (int i = 0; i < line.x.length; i++) {
                if (best < 0 || Math.abs(line.x[i] - step) < Math.abs(line.x[best] - step)) {
                    best = i;
                }
            }
            if (best >= 0) {
                s.append(Messages.get("tip.curve", line.name, Format.exact(Math.round(line.x[best])), Format.value(line.y[best])))
                        .append('\n');
            }
        }
        return s.toString().trim();
    }
}
