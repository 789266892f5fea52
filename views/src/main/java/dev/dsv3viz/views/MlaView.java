package dev.dsv3viz.views;

import dev.dsv3viz.model.trace.AttentionStep;
import dev.dsv3viz.model.trace.FloatTensor;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.KeyValue;
import javafx.animation.Timeline;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.scene.layout.Region;
import javafx.scene.shape.Line;
import javafx.util.Duration;

import java.util.ArrayList;
import java.util.List;

/**
 * Multi-head latent attention as a data flow for one token and one head, top to bottom: h; the query
 * latent c_Q, the KV latent c_KV and the rotary key k_rope (the last two are what is cached); the
 * per-head q_nope, q_rope, k_nope and v; the head's output and o_proj. Every strip is drawn at one
 * pixels-per-value scale, so the compression is seen in the widths. The edges of the part being
 * explained carry a moving dash; beside the diagram the KV cache grows a slab per token next to what
 * multi-head attention would need.
 */
public final class MlaView extends Region {
    /** The part of the layer being explained. */
    public enum Focus { QUERY, LATENT, OUTPUT }

    private static final int COLUMNS = 5;
    private static final double GAP = 22;

    private final VectorBox h = new VectorBox();
    private final VectorBox cQ = new VectorBox();
    private final VectorBox cKv = new VectorBox();
    private final VectorBox kRope = new VectorBox();
    private final VectorBox qNope = new VectorBox();
    private final VectorBox qRope = new VectorBox();
    private final VectorBox kNope = new VectorBox();
    private final VectorBox v = new VectorBox();
    private final VectorBox headOut = new VectorBox();
    private final VectorBox out = new VectorBox();
    private final KvCacheStack cache = new KvCacheStack();
    private final List<Edge> edges = new ArrayList<>();
    private final DoubleProperty dashOffset = new SimpleDoubleProperty();
    private final Timeline flow = new Timeline(
            new KeyFrame(Duration.ZERO, new KeyValue(dashOffset, 28)),
            new KeyFrame(Duration.millis(900), new KeyValue(dashOffset, 0)));

    private record Edge(VectorBox from, VectorBox to, Line line, Focus focus) {
    }

    public MlaView() {
        getStyleClass().add("mla-view");
        edge(h, cQ, Focus.QUERY);
        edge(cQ, qNope, Focus.QUERY);
        edge(cQ, qRope, Focus.QUERY);
        edge(h, cKv, Focus.LATENT);
        edge(h, kRope, Focus.LATENT);
        edge(cKv, kNope, Focus.LATENT);
        edge(cKv, v, Focus.LATENT);
        edge(qNope, headOut, Focus.OUTPUT);
        edge(qRope, headOut, Focus.OUTPUT);
        edge(kNope, headOut, Focus.OUTPUT);
        edge(kRope, headOut, Focus.OUTPUT);
        edge(v, headOut, Focus.OUTPUT);
        edge(headOut, out, Focus.OUTPUT);
        getChildren().addAll(h, cQ, cKv, kRope, qNope, qRope, kNope, v, headOut, out, cache);
        flow.setCycleCount(Animation.INDEFINITE);
        sceneProperty().addListener((o, was, scene) -> animate(scene != null && isVisible()));
        visibleProperty().addListener((o, was, now) -> animate(now && getScene() != null));
    }

    private void edge(VectorBox from, VectorBox to, Focus f) {
        Line line = new Line();
        line.getStyleClass().add("flow-edge");
        line.strokeDashOffsetProperty().bind(dashOffset);
        line.setManaged(false);
        getChildren().add(0, line);
        edges.add(new Edge(from, to, line, f));
    }

    private void animate(boolean on) {
        if (on && Motion.enabled()) {
            flow.play();
        } else {
            flow.stop();
        }
    }

    /**
     * @param t            the token's row in the step
     * @param head         the head whose per-head vectors are shown
     * @param cachedTokens tokens in this layer's cache once this token is in
     * @param capacity     tokens the cache drawing is scaled for
     * @param mlaPerToken  values MLA caches per token and layer
     * @param mhaPerToken  values multi-head attention would cache per token and layer
     */
    public void show(AttentionStep s, int t, int head, Focus focus, int cachedTokens, int capacity,
                     long mlaPerToken, long mhaPerToken) {
        int hidden = s.normedInput().dim(1);
        h.show(Messages.get("mla.h"), Messages.get("mla.caption", hidden), s.normedInput().row(t));
        if (s.queryLatent() != null) {
            int r = s.queryLatent().dim(1);
            cQ.show(Messages.get("mla.cq"), Messages.get("mla.caption", r), s.queryLatent().row(t));
        } else {
            cQ.hideWith(Messages.get("mla.cq"), Messages.get("mla.cq.none"));
        }
        int kv = s.kvLatent().dim(1);
        cKv.show(Messages.get("mla.ckv"), Messages.get("mla.caption.cached", kv), s.kvLatent().row(t));
        int rope = s.keyRopeRotated().dim(1);
        kRope.show(Messages.get("mla.krope"), Messages.get("mla.caption.cached", rope), s.keyRopeRotated().row(t));
        perHead(qNope, "mla.qnope", s.queryNope(), t, head);
        perHead(qRope, "mla.qrope", s.queryRope(), t, head);
        perHead(kNope, "mla.knope", s.keyNope(), t, head);
        perHead(v, "mla.v", s.value(), t, head);
        perHead(headOut, "mla.headout", s.headOutputs(), t, head);
        out.show(Messages.get("mla.out"), Messages.get("mla.caption", hidden), s.output().row(t));
        h.mark(false, true);
        cQ.mark(false, focus == Focus.QUERY);
        qNope.mark(false, focus == Focus.QUERY);
        qRope.mark(false, focus == Focus.QUERY);
        cKv.mark(true, focus == Focus.LATENT);
        kRope.mark(true, focus == Focus.LATENT);
        kNope.mark(false, focus == Focus.LATENT);
        v.mark(false, focus == Focus.LATENT);
        headOut.mark(false, focus == Focus.OUTPUT);
        out.mark(false, focus == Focus.OUTPUT);
        for (Edge e : edges) {
            e.line.pseudoClassStateChanged(VectorBox.ON_PATH, e.focus == focus);
        }
        cache.show(cachedTokens, capacity, mlaPerToken, mhaPerToken);
        requestLayout();
    }

    private static void perHead(VectorBox box, String key, FloatTensor tensor, int t, int head) {
        box.show(Messages.get(key, head), Messages.get("mla.caption.head", tensor.dim(2), head), tensor.row(t, head));
    }

    @Override
    protected double computePrefWidth(double height) {
        return 900;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 420;
    }

    @Override
    protected double computeMinWidth(double height) {
        return 200;
    }

    @Override
    protected double computeMinHeight(double width) {
        return 200;
    }

    @Override
    protected void layoutChildren() {
        double x0 = snappedLeftInset();
        double y0 = snappedTopInset();
        double w = getWidth() - x0 - snappedRightInset();
        double ht = getHeight() - y0 - snappedBottomInset();
        double cacheW = Math.max(150, Math.min(240, w * 0.2));
        cache.resizeRelocate(x0 + w - cacheW, y0, cacheW, ht);
        double diagramW = w - cacheW - 12;
        double col = (diagramW - GAP * (COLUMNS - 1)) / COLUMNS;
        // One pixels-per-value scale for every strip, set by the most crowded box.
        double scale = Double.MAX_VALUE;
        for (VectorBox b : List.of(cQ, cKv, kRope, qNope, qRope, kNope, v, headOut)) {
            if (b.length() > 0) {
                scale = Math.min(scale, (col - 52) / b.length());
            }
        }
        scale = Math.min(scale, (diagramW - 52) / Math.max(1, h.length()));
        double rowH = Math.min(92, (ht - 3 * GAP) / 4);
        double[] rows = {y0, y0 + rowH + GAP, y0 + 2 * (rowH + GAP), y0 + 3 * (rowH + GAP)};
        place(h, x0, rows[0], diagramW, rowH, scale);
        place(cQ, x0, rows[1], 2 * col + GAP, rowH, scale);
        place(cKv, x0 + 2 * (col + GAP), rows[1], 2 * col + GAP, rowH, scale);
        place(kRope, x0 + 4 * (col + GAP), rows[1], col, rowH, scale);
        place(qNope, x0, rows[2], col, rowH, scale);
        place(qRope, x0 + (col + GAP), rows[2], col, rowH, scale);
        place(kNope, x0 + 2 * (col + GAP), rows[2], col, rowH, scale);
        place(v, x0 + 3 * (col + GAP), rows[2], col, rowH, scale);
        place(headOut, x0, rows[3], 2 * col + GAP, rowH, scale);
        place(out, x0 + 2 * (col + GAP), rows[3], diagramW - 2 * (col + GAP), rowH, scale);
        for (Edge e : edges) {
            if (e.from == headOut) {
                e.line.setStartX(e.from.getLayoutX() + e.from.getWidth());
                e.line.setStartY(e.from.getLayoutY() + e.from.getHeight() / 2);
                e.line.setEndX(e.to.getLayoutX());
                e.line.setEndY(e.to.getLayoutY() + e.to.getHeight() / 2);
            } else {
                e.line.setStartX(stripCentre(e.from));
                e.line.setStartY(e.from.getLayoutY() + e.from.getHeight());
                e.line.setEndX(stripCentre(e.to));
                e.line.setEndY(e.to.getLayoutY());
            }
        }
    }

    private static double stripCentre(VectorBox box) {
        return box.getLayoutX() + box.getWidth() / 2;
    }

    private static void place(VectorBox box, double x, double y, double width, double height, double scale) {
        box.setStripWidth(Math.max(8, box.length() * scale + 46));
        double boxW = Math.min(width, box.prefWidth(-1));
        double boxH = Math.min(height, box.prefHeight(boxW));
        box.resizeRelocate(x + (width - boxW) / 2, y + (height - boxH) / 2, boxW, boxH);
    }
}
