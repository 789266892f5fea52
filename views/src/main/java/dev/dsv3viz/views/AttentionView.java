package dev.dsv3viz.views;

import dev.dsv3viz.model.trace.AttentionStep;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;

import java.util.ArrayList;
import java.util.List;

/**
 * The attention weights of every head as causal heat maps (queries down, key positions across), the
 * selected token's row outlined and the selected head first, laid out as large as the space allows;
 * a line above says which MLA form computed them.
 */
public final class AttentionView extends Region {
    private static final int MAX_HEADS = 8;
    private static final double GAP = 14;
    private final Label mode = new Label();
    private final List<HeatMap> heads = new ArrayList<>();
    private int shown;
    private double aspect = 1;

    public AttentionView() {
        getStyleClass().add("attention-view");
        mode.getStyleClass().add("mode-line");
        mode.setWrapText(true);
        getChildren().add(mode);
        for (int i = 0; i < MAX_HEADS; i++) {
            HeatMap m = new HeatMap();
            m.setMinSize(0, 0);
            heads.add(m);
            getChildren().add(m);
        }
    }

    /**
     * @param modeLine    what to say about the MLA form (and how far the other form's output differs)
     * @param queryLabels the readable tokens of the pass's queries
     * @param keyLabels   the readable tokens at every key position
     */
    public void show(AttentionStep s, int t, int selectedHead, String modeLine, String[] queryLabels, String[] keyLabels) {
        mode.setText(modeLine);
        int nHeads = s.attentionWeights().dim(0);
        int rows = s.attentionWeights().dim(1);
        int keys = s.attentionWeights().dim(2);
        shown = Math.min(MAX_HEADS, nHeads);
        aspect = Math.max(0.08, rows / (double) keys);
        int[] visible = new int[rows];
        for (int i = 0; i < rows; i++) {
            visible[i] = s.startPosition() + i;
        }
        for (int k = 0; k < MAX_HEADS; k++) {
            heads.get(k).setVisible(k < shown);
        }
        HeatMap.Axis queries = new HeatMap.Axis(Messages.get("attention.query"), queryLabels);
        HeatMap.Axis keyAxis = new HeatMap.Axis(Messages.get("attention.key"), keyLabels);
        for (int k = 0; k < shown; k++) {
            int head = (selectedHead + k) % nHeads;
            float[][] cells = new float[rows][];
            float max = 0;
            for (int i = 0; i < rows; i++) {
                cells[i] = s.attentionWeights().row(head, i);
                max = Math.max(max, (float) Palette.maxAbs(cells[i]));
            }
            heads.get(k).show(Messages.get("attention.head", head, keys), cells, queries, keyAxis, visible,
                    max > 0 ? max : 1, t, s.startPosition());
        }
        requestLayout();
    }

    @Override
    protected double computePrefWidth(double height) {
        return 800;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 420;
    }

    @Override
    protected void layoutChildren() {
        double x0 = snappedLeftInset();
        double y0 = snappedTopInset();
        double w = getWidth() - x0 - snappedRightInset();
        double modeH = mode.prefHeight(w);
        mode.resizeRelocate(x0, y0, w, modeH);
        double top = y0 + modeH + 8;
        double h = getHeight() - top - snappedBottomInset();
        if (shown == 0) {
            return;
        }
        // The column count that makes the maps largest within the space (each map is square-ish plus a title).
        int bestCols = 1;
        double bestSide = 0;
        for (int cols = 1; cols <= shown; cols++) {
            int r = (shown + cols - 1) / cols;
            double side = Math.min((w - GAP * (cols - 1)) / cols, ((h - GAP * (r - 1)) / r - 20) / aspect);
            if (side > bestSide) {
                bestSide = side;
                bestCols = cols;
            }
        }
        double side = Math.max(20, bestSide);
        for (int k = 0; k < shown; k++) {
            int c = k % bestCols;
            int r = k / bestCols;
            double mh = side * aspect + 20;
            heads.get(k).resizeRelocate(x0 + c * (side + GAP), top + r * (mh + GAP), side, mh);
        }
    }
}
