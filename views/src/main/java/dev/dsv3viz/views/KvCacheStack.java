package dev.dsv3viz.views;

import javafx.scene.canvas.GraphicsContext;

/**
 * The KV cache of one layer as two stacks growing a slab per token: MLA's latent (c_KV with the
 * rotary key) beside what plain multi-head attention would keep (a key and a value per head).
 */
public final class KvCacheStack extends CanvasView {
    private int tokens;
    private int capacity = 1;
    private long mlaPerToken;
    private long mhaPerToken;

    public KvCacheStack() {
        getStyleClass().add("kv-cache-stack");
        setPrefSize(230, 360);
        setMinWidth(180);
    }

    /**
     * @param tokens      tokens cached so far
     * @param capacity    the tokens the full height stands for (the longest sequence being shown)
     * @param mlaPerToken values MLA caches per token and layer
     * @param mhaPerToken values multi-head attention would cache per token and layer
     */
    public void show(int tokens, int capacity, long mlaPerToken, long mhaPerToken) {
        this.tokens = tokens;
        this.capacity = Math.max(1, Math.max(tokens, capacity));
        this.mlaPerToken = mlaPerToken;
        this.mhaPerToken = mhaPerToken;
        redraw();
    }

    @Override
    protected void draw(GraphicsContext g, double width, double height) {
        double top = 24;
        double bottom = height - 82;
        double unit = (bottom - top) / ((double) capacity * Math.max(1, Math.max(mhaPerToken, mlaPerToken)));
        double colW = width / 2 - 16;
        drawStack(g, 4, colW, bottom, mlaPerToken * unit, true);
        drawStack(g, width / 2 + 8, colW, bottom, mhaPerToken * unit, false);
        g.setFill(ink());
        g.setFont(font(14, true));
        drawText(g, Messages.get("cache.title"), 4, 16, width - 8, TextRole.TEXT);
        g.setFont(font(13, true));
        drawText(g, Messages.get("cache.mla"), 4, bottom + 18, colW + 8, TextRole.TEXT);
        drawText(g, Messages.get("cache.mha"), width / 2 + 8, bottom + 18, colW + 8, TextRole.TEXT);
        g.setFont(font(12, false));
        g.setFill(muted());
        drawText(g, Messages.get("cache.values", tokens, Format.exact(mlaPerToken)), 4, bottom + 35, colW + 8, TextRole.TEXT);
        drawText(g, Messages.get("cache.total", Format.count(tokens * mlaPerToken)), 4, bottom + 51, colW + 8, TextRole.TEXT);
        drawText(g, Messages.get("cache.values", tokens, Format.exact(mhaPerToken)), width / 2 + 8, bottom + 35, colW + 8, TextRole.TEXT);
        drawText(g, Messages.get("cache.total", Format.count(tokens * mhaPerToken)), width / 2 + 8, bottom + 51, colW + 8, TextRole.TEXT);
        if (mlaPerToken > 0) {
            g.setFill(accent());
            g.setFont(font(13, true));
            drawText(g, Messages.get("cache.ratio", String.format(java.util.Locale.ROOT, "%.1f", (double) mhaPerToken / mlaPerToken)), 4, bottom + 74, width - 8, TextRole.TEXT);
        }
    }

    private void drawStack(GraphicsContext g, double x, double w, double bottom, double slab, boolean latent) {
        boolean separate = slab >= 3;
        for (int i = 0; i < tokens; i++) {
            double y = bottom - (i + 1) * slab;
            g.setFill(latent ? accent().deriveColor(0, 1, 1, i == tokens - 1 ? 1 : 0.7) : muted().deriveColor(0, 1, 1, 0.55));
            g.fillRect(x, y, w, separate ? slab - 1 : slab + 0.5);
        }
        g.setStroke(muted());
        g.setLineWidth(1);
        g.strokeLine(x - 2, bottom + 0.5, x + w + 2, bottom + 0.5);
    }

    @Override
    protected String describe(double x, double y) {
        boolean mla = x < getWidth() / 2;
        long per = mla ? mlaPerToken : mhaPerToken;
        return Messages.get(mla ? "tip.cache.mla" : "tip.cache.mha", tokens, Format.exact(per), Format.exact(tokens * per));
    }
}
