package dev.dsv3viz.views;

import javafx.scene.canvas.GraphicsContext;

/**
 * A matrix of numbers as coloured cells: probabilities on the viridis scale (attention weights, routing
 * weights) or signed values blue to orange. Cells a row may not see (keys after a query's own position)
 * are greyed rather than coloured, one row can be outlined as the selected one, and rows and columns
 * carry token labels when the cells are large enough to read them.
 */
public final class HeatMap extends CanvasView {
    private static final double TITLE = 20;
    private static final double MIN_LABELLED_CELL = 11;
    private float[][] cells = new float[0][];
    private int[] visibleUpTo = new int[0];
    private int selectedRow = -1;
    private String title = "";
    private Axis rowAxis = new Axis("", null);
    private Axis columnAxis = new Axis("", null);
    private double fullScale = 1;
    private int rowOffset;
    private boolean diverging;

    /**
     * One side of the map: what its entries are called (in tooltips) and, if known, each entry's label
     * (a token piece), drawn when the cells are large enough.
     *
     * @param labels one per row or column, or null for none
     */
    public record Axis(String name, String[] labels) {
        public Axis {
            labels = labels == null ? null : labels.clone();
        }
    }

    public HeatMap() {
        getStyleClass().add("heat-map");
        setPrefSize(240, 240);
        setMinSize(60, 60);
    }

    /**
     * Replaces everything the map shows at once, so that labels never meet another matrix's cells.
     *
     * @param cells       rows x columns of values in [0, fullScale]
     * @param visibleUpTo per row, the last column it may see (columns after it are masked); null: all
     * @param fullScale   the value drawn at the top of the colour scale
     * @param rowOffset   the number the first row is called by in tooltips (a query's position)
     * @throws IllegalArgumentException if the rows differ in length, or the labels or the mask do not
     *                                  match the cells; the map then keeps what it showed
     */
    public void show(String title, float[][] cells, Axis rows, Axis columns, int[] visibleUpTo, double fullScale,
                     int selectedRow, int rowOffset) {
        int width = cells.length == 0 ? 0 : cells[0].length;
        for (float[] row : cells) {
            if (row.length != width) {
                throw new IllegalArgumentException("the rows of \"" + title + "\" differ in length");
            }
        }
        requireCount(title, rows.labels(), cells.length, "row");
        requireCount(title, columns.labels(), width, "column");
        if (visibleUpTo != null && visibleUpTo.length != cells.length) {
            throw new IllegalArgumentException("\"" + title + "\" has " + cells.length + " rows but a mask for "
                    + visibleUpTo.length);
        }
        this.cells = new float[cells.length][];
        for (int i = 0; i < cells.length; i++) {
            this.cells[i] = cells[i].clone();
        }
        this.title = title;
        this.rowAxis = rows;
        this.columnAxis = columns;
        this.visibleUpTo = visibleUpTo == null ? null : visibleUpTo.clone();
        this.fullScale = fullScale;
        this.selectedRow = selectedRow;
        this.rowOffset = rowOffset;
        redraw();
    }

    private static void requireCount(String title, String[] labels, int count, String side) {
        if (labels != null && labels.length != count) {
            throw new IllegalArgumentException("\"" + title + "\" has " + count + " " + side + "s but " + labels.length
                    + " " + side + " labels");
        }
    }

    /** Colours signed values blue to orange around zero instead of 0..fullScale on viridis. */
    public void setDiverging(boolean diverging) {
        this.diverging = diverging;
        redraw();
    }

    private int columns() {
        return cells.length == 0 ? 0 : cells[0].length;
    }

    /** Left, top, width and height of the cell area. */
    private double[] area(double width, double height) {
        double top = title.isEmpty() ? 0 : TITLE;
        int rows = cells.length;
        int cols = columns();
        boolean rowText = rowAxis.labels() != null && rows > 0 && (height - top) / rows >= MIN_LABELLED_CELL + 4;
        double left = rowText ? Math.min(70, width * 0.25) : 0;
        boolean colText = columnAxis.labels() != null && cols > 0 && (width - left) / cols >= MIN_LABELLED_CELL + 2;
        double bottom = colText ? Math.min(60, height * 0.25) : 0;
        return new double[]{left, top, width - left, height - top - bottom};
    }

    @Override
    protected void draw(GraphicsContext g, double width, double height) {
        g.setFill(ink());
        g.setFont(font(14, true));
        if (!title.isEmpty()) {
            drawText(g, title, 0, 15, TextRole.TEXT);
        }
        int rows = cells.length;
        int cols = columns();
        if (rows == 0 || cols == 0) {
            return;
        }
        double[] a = area(width, height);
        double cw = a[2] / cols;
        double ch = a[3] / rows;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double x = a[0] + j * cw;
                double y = a[1] + i * ch;
                if (visibleUpTo != null && j > visibleUpTo[i]) {
                    g.setFill(muted().deriveColor(0, 1, 1, 0.12));
                } else {
                    g.setFill(diverging ? Palette.diverging(cells[i][j], fullScale) : Palette.sequential(cells[i][j] / fullScale));
                }
                g.fillRect(x, y, cw + 0.5, ch + 0.5);
            }
        }
        double font = Math.max(9, Math.min(13, Math.min(cw, ch) * 0.8));
        g.setFont(font(font, false));
        g.setFill(ink());
        if (a[0] > 0) {
            for (int i = 0; i < rows; i++) {
                g.setFill(i == selectedRow ? accent() : ink());
                drawText(g, rowAxis.labels()[i], 2, a[1] + (i + 0.5) * ch + font * 0.35, a[0] - 6, TextRole.AXIS_LABEL);
            }
        }
        if (a[1] + a[3] < height - 1) {
            g.setFill(ink());
            for (int j = 0; j < cols; j++) {
                g.save();
                g.translate(a[0] + (j + 0.5) * cw + font * 0.35, a[1] + a[3] + 4);
                g.rotate(90);
                drawText(g, columnAxis.labels()[j], 0, 0, height - a[1] - a[3] - 6, TextRole.AXIS_LABEL);
                g.restore();
            }
        }
        if (selectedRow >= 0 && selectedRow < rows) {
            g.setStroke(accent());
            g.setLineWidth(3);
            g.strokeRect(a[0] + 1.5, a[1] + selectedRow * ch, a[2] - 3, Math.max(ch, 3));
        }
    }

    @Override
    protected String describe(double x, double y) {
        int rows = cells.length;
        int cols = columns();
        if (rows == 0 || cols == 0) {
            return null;
        }
        double[] a = area(getWidth(), getHeight());
        int i = (int) Math.floor((y - a[1]) / (a[3] / rows));
        int j = (int) Math.floor((x - a[0]) / (a[2] / cols));
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            return null;
        }
        if (visibleUpTo != null && j > visibleUpTo[i]) {
            return Messages.get("tip.map.masked", rowAxis.name(), i + rowOffset, columnAxis.name(), j);
        }
        return Messages.get("tip.map.value", rowAxis.name(), i + rowOffset, columnAxis.name(), j, Format.value(cells[i][j]));
    }
}
