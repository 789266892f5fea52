package dev.dsv3viz.app.layout;

import dev.dsv3viz.app.layout.SceneInspection.Box;
import dev.dsv3viz.app.layout.SceneInspection.Clipped;
import dev.dsv3viz.app.layout.SceneInspection.LowContrast;
import dev.dsv3viz.app.layout.SceneInspection.Overlap;
import dev.dsv3viz.app.layout.SceneInspection.ScrollBarSeen;
import dev.dsv3viz.app.layout.SceneInspection.SeenText;
import dev.dsv3viz.views.CanvasView;
import dev.dsv3viz.views.DrawnText;
import dev.dsv3viz.views.TextCapture;
import dev.dsv3viz.views.TextRole;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollBar;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Text;
import javafx.scene.text.TextBoundsType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Looks at a laid-out part of a scene the way a reader would: every visible text (text nodes, and the
 * texts canvas views draw, which they report through {@link CanvasView#captureText}) with its size on
 * the screen; texts elided, squeezed or cut off; texts on top of each other; scroll bars; and each text's
 * WCAG contrast against the pixels painted behind it, taken from a picture of the scene with every text
 * left out. Call on the JavaFX thread.
 */
public final class SceneInspector {
    /** How far (pixels) a text may pass an edge before it counts as cut off: layout rounds to pixels. */
    static final double TOLERANCE = 1;
    /** How far two texts' boxes must intersect, both ways, to count as overlapping. */
    static final double MIN_OVERLAP = 2;
    /** The share of a text's box a colour must cover behind it to count as its background. */
    static final double SIGNIFICANT = 0.1;
    private static final int MAX_SAMPLES = 4000;
    private static final int PATH_DEPTH = 5;
    /** Style classes every node of a kind has, which say nothing about where it is. */
    private static final Set<String> GENERIC = Set.of("label", "text", "button", "scroll-bar", "scroll-pane", "canvas-view");

    private SceneInspector() {
    }

    /**
     * @param root         the part of the scene to look at
     * @param viewport     the area, in scene coordinates, its texts must stay within
     * @param viewportName the viewport in words ("the stage"), for a text outside it
     */
    public static SceneInspection inspect(Node root, Bounds viewport, String viewportName) {
        Scene scene = root.getScene();
        scene.getRoot().applyCss();
        scene.getRoot().layout();
        Found everywhere = new Found();
        walk(scene.getRoot(), everywhere);
        Found here = new Found();
        walk(root, here);
        Map<CanvasView, List<DrawnText>> drawn = new IdentityHashMap<>();
        Point2D corner = new Point2D(Math.floor(viewport.getMinX()), Math.floor(viewport.getMinY()));
        WritableImage behind = pictureWithoutText(scene, viewport, corner, everywhere, here, drawn);
        double renderScale = scene.getWindow() == null ? 1 : scene.getWindow().getRenderScaleY();
        List<Item> items = new ArrayList<>(textNodes(here.texts, root, renderScale));
        items.addAll(canvasTexts(here.canvases, drawn, root, renderScale));
        List<Clipped> clipped = new ArrayList<>(elided(here.labeleds, root));
        for (Item item : items) {
            String cut = cutOff(item, root, viewport, viewportName);
            if (cut != null) {
                clipped.add(item.clipped(cut));
            }
        }
        List<SeenText> texts = items.stream()
                .map(i -> new SeenText(i.text, i.where, i.role, SceneInspection.tenths(i.px), Box.of(i.scene))).toList();
        return new SceneInspection(texts, clipped, overlaps(items), scrollBars(here.bars, root),
                lowContrast(items, behind, corner, viewport));
    }

    private static List<Item> textNodes(List<Text> texts, Node root, double renderScale) {
        List<Item> items = new ArrayList<>();
        Text measure = new Text();
        for (Text t : texts) {
            Node owner = t.getParent() instanceof Labeled l ? l : t;
            TextRole role = TextRole.of(t) != TextRole.TEXT ? TextRole.of(t) : TextRole.of(owner);
            Bounds ink = t.localToScene(ink(t, measure));
            items.add(new Item(t.getText(), owner, t, null, role, t.getFont().getSize() * across(t) * renderScale, ink,
                    visiblePart(ink, t), colour(t.getFill()), opacity(t), where(owner, root)));
        }
        return items;
    }

    private static List<Item> canvasTexts(List<CanvasView> views, Map<CanvasView, List<DrawnText>> drawn, Node root,
                                          double renderScale) {
        List<Item> items = new ArrayList<>();
        for (CanvasView view : views) {
            Canvas canvas = canvasOf(view);
            String where = where(view, root) + " (canvas)";
            for (DrawnText d : drawn.getOrDefault(view, List.of())) {
                Bounds ink = canvas.localToScene(d.bounds());
                Bounds onCanvas = intersection(ink, canvas.localToScene(canvas.getLayoutBounds()));
                items.add(new Item(d.text(), view, canvas, d, d.role(), d.fontSize() * across(canvas) * renderScale, ink,
                        onCanvas == null ? null : visiblePart(onCanvas, canvas), colour(d.fill()), opacity(view) * d.alpha(),
                        where));
            }
        }
        return items;
    }

    /** Labels showing less of their text than they have (the skin elides what does not fit). */
    private static List<Clipped> elided(List<Labeled> labeleds, Node root) {
        List<Clipped> found = new ArrayList<>();
        for (Labeled l : labeleds) {
            String text = l.getText();
            if (text == null || text.isBlank() || l.getContentDisplay() == ContentDisplay.GRAPHIC_ONLY) {
                continue;
            }
            String shown = shownText(l);
            if (!readable(l, text).equals(readable(l, shown))) {
                found.add(new Clipped(text, where(l, root), "elided: shows \"" + shown + "\"",
                        Box.of(l.localToScene(l.getLayoutBounds()))));
            }
        }
        return found;
    }

    /** The visible nodes of interest under a node. */
    private static final class Found {
        final List<Text> texts = new ArrayList<>();
        final List<Labeled> labeleds = new ArrayList<>();
        final List<ScrollBar> bars = new ArrayList<>();
        final List<CanvasView> canvases = new ArrayList<>();
    }

    private static void walk(Node n, Found f) {
        if (!n.isVisible() || n.getOpacity() <= 0) {
            return;
        }
        if (n instanceof Text t && t.getText() != null && !t.getText().isBlank()) {
            f.texts.add(t);
        } else if (n instanceof Labeled l) {
            f.labeleds.add(l);
        } else if (n instanceof ScrollBar b) {
            f.bars.add(b);
        } else if (n instanceof CanvasView c) {
            f.canvases.add(c);
        }
        if (n instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                walk(child, f);
            }
        }
    }

    /**
     * The viewport painted with every text left out (text nodes made transparent, canvases drawn without
     * their texts), from {@code corner}; recording meanwhile what the canvases under the inspected root draw.
     */
    private static WritableImage pictureWithoutText(Scene scene, Bounds viewport, Point2D corner, Found everywhere,
                                                    Found here, Map<CanvasView, List<DrawnText>> drawn) {
        double[] opacity = new double[everywhere.texts.size()];
        try {
            for (int i = 0; i < opacity.length; i++) {
                opacity[i] = everywhere.texts.get(i).getOpacity();
                everywhere.texts.get(i).setOpacity(0);
            }
            everywhere.canvases.forEach(c -> c.captureText(TextCapture.RECORD_WITHOUT_DRAWING));
            SnapshotParameters area = new SnapshotParameters();
            area.setViewport(new Rectangle2D(corner.getX(), corner.getY(), Math.ceil(viewport.getMaxX()) - corner.getX(),
                    Math.ceil(viewport.getMaxY()) - corner.getY()));
            WritableImage picture = scene.getRoot().snapshot(area, null);
            here.canvases.forEach(c -> drawn.put(c, c.drawnText()));
            return picture;
        } finally {
            for (int i = 0; i < opacity.length; i++) {
                everywhere.texts.get(i).setOpacity(opacity[i]);
            }
            everywhere.canvases.forEach(c -> c.captureText(TextCapture.OFF));
        }
    }

    /**
     * One visible text, wherever it was drawn.
     *
     * @param drawnBy the text node, or the canvas it was drawn on
     * @param drawn   what its canvas view recorded of it; null for a text node
     * @param scene   the box of its ink in the scene
     * @param visible the part of it its clips (and canvas) let through; null for none
     */
    private record Item(String text, Node owner, Node drawnBy, DrawnText drawn, TextRole role, double px, Bounds scene,
                        Bounds visible, Color fill, double opacity, String where) {
        Clipped clipped(String reason) {
            return new Clipped(text, where, reason, Box.of(scene));
        }
    }

    /**
     * Why a text is not shown whole: squeezed, off its canvas, cut by a clip, outside the viewport or its
     * parent; or null.
     */
    private static String cutOff(Item item, Node root, Bounds viewport, String viewportName) {
        if (item.drawn != null) {
            DrawnText d = item.drawn;
            if (d.squeezed()) {
                return d.bounds().getWidth() <= 0 ? "not drawn: no room for it"
                        : String.format(Locale.ROOT, "squeezed from %.0f to %.0f px wide", d.naturalWidth(), d.maxWidth());
            }
            if (!within(d.bounds(), item.drawnBy.getLayoutBounds())) {
                return "runs off its canvas";
            }
            return clippedOrOutside(item, item.drawnBy.getParent(), viewport, viewportName);
        }
        String cut = clippedOrOutside(item, item.drawnBy, viewport, viewportName);
        if (cut != null) {
            return cut;
        }
        Node container = item.owner != item.drawnBy ? item.owner : item.drawnBy.getParent();
        if (container instanceof Region r && r.getWidth() > 0 && r.getHeight() > 0
                && !within(item.scene, r.localToScene(r.getLayoutBounds()))) {
            return "runs outside " + where(r, root);
        }
        return null;
    }

    /** Why a text is cut off by a clip from {@code from} up or lies outside the viewport; or null. */
    private static String clippedOrOutside(Item item, Node from, Bounds viewport, String viewportName) {
        String clip = clippedBy(item, from);
        if (clip != null) {
            return clip;
        }
        return within(item.scene, viewport) ? null : "outside " + viewportName;
    }

    /** The first clip from {@code from} up that does not hold the whole text, in words; or null. */
    private static String clippedBy(Item item, Node from) {
        for (Node n = from; n != null; n = n.getParent()) {
            Node clip = n.getClip();
            if (clip != null && !within(item.scene, n.localToScene(clip.getBoundsInParent()))) {
                return "cut off by the clip of " + name(n);
            }
        }
        return null;
    }

    /** The box of a text node's glyphs in its own coordinates (its bounds are its line boxes). */
    private static Bounds ink(Text t, Text measure) {
        measure.setText(t.getText());
        measure.setFont(t.getFont());
        measure.setWrappingWidth(t.getWrappingWidth());
        measure.setLineSpacing(t.getLineSpacing());
        measure.setTextAlignment(t.getTextAlignment());
        measure.setTextOrigin(t.getTextOrigin());
        measure.setX(t.getX());
        measure.setY(t.getY());
        measure.setBoundsType(TextBoundsType.VISUAL);
        return measure.getLayoutBounds();
    }

    /** The part of a box (in the scene) that the clips of {@code n} and its ancestors let through; null for none. */
    private static Bounds visiblePart(Bounds box, Node n) {
        Bounds part = box;
        for (Node p = n; p != null && part != null; p = p.getParent()) {
            if (p.getClip() != null) {
                part = intersection(part, p.localToScene(p.getClip().getBoundsInParent()));
            }
        }
        return part;
    }

    private static Bounds intersection(Bounds a, Bounds b) {
        double x0 = Math.max(a.getMinX(), b.getMinX());
        double y0 = Math.max(a.getMinY(), b.getMinY());
        double x1 = Math.min(a.getMaxX(), b.getMaxX());
        double y1 = Math.min(a.getMaxY(), b.getMaxY());
        return x1 > x0 && y1 > y0 ? new BoundingBox(x0, y0, x1 - x0, y1 - y0) : null;
    }

    private static boolean within(Bounds inner, Bounds outer) {
        return inner.getMinX() >= outer.getMinX() - TOLERANCE && inner.getMinY() >= outer.getMinY() - TOLERANCE
                && inner.getMaxX() <= outer.getMaxX() + TOLERANCE && inner.getMaxY() <= outer.getMaxY() + TOLERANCE;
    }

    /** The text a labeled control shows: its text node's, which the skin elides when it does not fit. */
    private static String shownText(Labeled l) {
        for (Node n : l.getChildrenUnmodifiable()) {
            if (n instanceof Text t) {
                return t.getText();
            }
        }
        return null;
    }

    /** A label's text as read: without the underscore that marks a mnemonic. */
    private static String readable(Labeled l, String text) {
        if (text == null) {
            return "";
        }
        return l.isMnemonicParsing() ? text.replace("_", "") : text;
    }

    private static List<Overlap> overlaps(List<Item> items) {
        List<Item> byLeft = items.stream().filter(i -> i.visible != null)
                .sorted(Comparator.comparingDouble(i -> i.visible.getMinX())).toList();
        List<Overlap> found = new ArrayList<>();
        for (int i = 0; i < byLeft.size(); i++) {
            Item a = byLeft.get(i);
            double reach = a.visible.getMaxX() - MIN_OVERLAP;
            for (int j = i + 1; j < byLeft.size() && byLeft.get(j).visible.getMinX() <= reach; j++) {
                Item b = byLeft.get(j);
                Bounds both = intersection(a.visible, b.visible);
                if (both != null && both.getWidth() >= MIN_OVERLAP && both.getHeight() >= MIN_OVERLAP && !partsOfOne(a, b)) {
                    found.add(new Overlap(a.text, a.where, b.text, b.where, Box.of(both)));
                }
            }
        }
        return found;
    }

    /** Whether two texts belong to one node (a control and its parts); texts of one canvas never do. */
    private static boolean partsOfOne(Item a, Item b) {
        if (a.drawn != null && b.drawn != null) {
            return false;
        }
        return a.owner == b.owner || isAncestor(a.owner, b.owner) || isAncestor(b.owner, a.owner);
    }

    private static boolean isAncestor(Node ancestor, Node n) {
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p == ancestor) {
                return true;
            }
        }
        return false;
    }

    private static List<ScrollBarSeen> scrollBars(List<ScrollBar> bars, Node root) {
        return bars.stream().filter(b -> b.getWidth() > 0 && b.getHeight() > 0)
                .map(b -> new ScrollBarSeen(where(b, root),
                        b.getOrientation() == Orientation.VERTICAL ? "vertical" : "horizontal",
                        Box.of(b.localToScene(b.getLayoutBounds())))).toList();
    }

    /**
     * Texts below AA against the colours behind them: every colour covering a tenth of the text's box in
     * the picture without text counts (the most common one when none does), and the worst one decides.
     */
    private static List<LowContrast> lowContrast(List<Item> items, WritableImage behind, Point2D corner, Bounds viewport) {
        int w = (int) behind.getWidth();
        int h = (int) behind.getHeight();
        int[] argb = new int[w * h];
        behind.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        List<LowContrast> found = new ArrayList<>();
        for (Item item : items) {
            Bounds seen = item.visible == null ? null : intersection(item.visible, viewport);
            if (item.fill == null || seen == null) {
                continue;
            }
            int x0 = (int) Math.max(0, Math.floor(seen.getMinX() - corner.getX()));
            int y0 = (int) Math.max(0, Math.floor(seen.getMinY() - corner.getY()));
            int x1 = (int) Math.min(w, Math.ceil(seen.getMaxX() - corner.getX()));
            int y1 = (int) Math.min(h, Math.ceil(seen.getMaxY() - corner.getY()));
            if (x1 <= x0 || y1 <= y0) {
                continue;
            }
            int step = Math.max(1, (int) Math.sqrt((double) (x1 - x0) * (y1 - y0) / MAX_SAMPLES));
            Map<Integer, Integer> counts = new HashMap<>();
            int total = 0;
            for (int y = y0; y < y1; y += step) {
                for (int x = x0; x < x1; x += step) {
                    counts.merge(argb[y * w + x] | 0xff000000, 1, Integer::sum);
                    total++;
                }
            }
            int needed = (int) Math.ceil(SIGNIFICANT * total);
            List<Integer> backgrounds = counts.entrySet().stream().filter(e -> e.getValue() >= needed).map(Map.Entry::getKey)
                    .toList();
            if (backgrounds.isEmpty()) {
                backgrounds = List.of(counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey());
            }
            double worst = Double.MAX_VALUE;
            Color worstBackground = null;
            for (int rgb : backgrounds) {
                Color bg = Color.rgb((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
                double ratio = Contrast.ratio(Contrast.over(item.fill, item.opacity, bg), bg);
                if (ratio < worst) {
                    worst = ratio;
                    worstBackground = bg;
                }
            }
            if (worst < Contrast.AA) {
                found.add(new LowContrast(item.text, item.where, Math.floor(worst * 100) / 100,
                        Contrast.hex(Contrast.over(item.fill, item.opacity, worstBackground)), Contrast.hex(worstBackground),
                        Box.of(item.scene)));
            }
        }
        return found;
    }

    private static Canvas canvasOf(CanvasView view) {
        return (Canvas) view.getChildrenUnmodifiable().stream().filter(n -> n instanceof Canvas).findFirst().orElseThrow();
    }

    private static Color colour(Paint paint) {
        return paint instanceof Color c ? c : null;
    }

    /** How many scene pixels one unit of the node's own space spans across a line of its text. */
    private static double across(Node n) {
        Point2D a = n.localToScene(0, 0);
        return a.distance(n.localToScene(0, 1));
    }

    /** The node's opacity times every ancestor's. */
    private static double opacity(Node n) {
        double o = 1;
        for (Node p = n; p != null; p = p.getParent()) {
            o *= p.getOpacity();
        }
        return o;
    }

    /** The nodes from the inspected root down to {@code n}, the last few of them, by class and style class. */
    static String where(Node n, Node root) {
        Deque<String> path = new ArrayDeque<>();
        for (Node p = n; p != null; p = p.getParent()) {
            path.addFirst(name(p));
            if (p == root) {
                break;
            }
        }
        while (path.size() > PATH_DEPTH) {
            path.removeFirst();
        }
        return String.join(" > ", path);
    }

    private static String name(Node n) {
        Class<?> type = n.getClass();
        while (type.getSimpleName().isEmpty()) {
            type = type.getSuperclass();
        }
        StringBuilder s = new StringBuilder(type.getSimpleName());
        if (n.getId() != null && !n.getId().isEmpty()) {
            s.append('#').append(n.getId());
        }
        n.getStyleClass().stream().filter(c -> !GENERIC.contains(c)).findFirst().ifPresent(c -> s.append('.').append(c));
        return s.toString();
    }
}
