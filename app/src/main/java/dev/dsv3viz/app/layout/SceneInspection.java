package dev.dsv3viz.app.layout;

import dev.dsv3viz.views.TextRole;
import javafx.geometry.Bounds;

import java.util.Comparator;
import java.util.List;

/**
 * What one look at a laid-out scene found: every visible text with its size on screen, and the problems.
 *
 * @param texts          every visible text (text nodes and text drawn on canvases)
 * @param clipped        texts elided, squeezed, cut off by a clip or lying outside their canvas, parent or viewport
 * @param overlapping    pairs of texts whose boxes intersect
 * @param scrollBars     scroll bars showing
 * @param lowContrast    texts below WCAG AA against what is painted behind them
 */
public record SceneInspection(List<SeenText> texts, List<Clipped> clipped, List<Overlap> overlapping,
                              List<ScrollBarSeen> scrollBars, List<LowContrast> lowContrast) {
    /** A rectangle in scene pixels, rounded to tenths. */
    public record Box(double x, double y, double width, double height) {
        static Box of(Bounds b) {
            return new Box(tenths(b.getMinX()), tenths(b.getMinY()), tenths(b.getWidth()), tenths(b.getHeight()));
        }
    }

    /**
     * A visible text.
     *
     * @param where the nodes it sits in, from the inspected root down
     * @param px    its font size in screen pixels (with every scale on the way to the screen)
     */
    public record SeenText(String text, String where, TextRole role, double px, Box box) {
    }

    /** @param reason what is wrong, in words */
    public record Clipped(String text, String where, String reason, Box box) {
    }

    /** @param box where the two texts' boxes intersect */
    public record Overlap(String text, String where, String otherText, String otherWhere, Box box) {
    }

    /** @param orientation horizontal or vertical */
    public record ScrollBarSeen(String where, String orientation, Box box) {
    }

    /**
     * @param ratio      the WCAG contrast ratio against the least contrasting colour behind the text
     * @param fill       the text's colour as seen (its opacity applied), #rrggbb
     * @param background that colour behind it, #rrggbb
     */
    public record LowContrast(String text, String where, double ratio, String fill, String background, Box box) {
    }

    /** The smallest visible text, or null when there is none. */
    public SeenText smallest() {
        return texts.stream().min(Comparator.comparingDouble(SeenText::px)).orElse(null);
    }

    /** The smallest grid number or axis label, or null when there is none. */
    public SeenText smallestDense() {
        return texts.stream().filter(t -> t.role().isDense()).min(Comparator.comparingDouble(SeenText::px))
                .orElse(null);
    }

    static double tenths(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
