package dev.dsv3viz.views;

import javafx.geometry.Bounds;
import javafx.scene.paint.Paint;

/**
 * One text a canvas view drew, as a layout check sees it, in the canvas's own coordinates (the graphics
 * context's transform applied).
 *
 * @param fontSize     the font's size times the drawing's scale across the line
 * @param bounds       the box of the text's ink as drawn (squeezed to {@code maxWidth} if it was)
 * @param fill         the paint it was drawn with, {@code alpha} the context's global alpha
 * @param naturalWidth the text's width unsqueezed, in the font's own units
 * @param maxWidth     the width it was told to fit (JavaFX squeezes wider text to it); NaN for none
 */
public record DrawnText(String text, TextRole role, double fontSize, Bounds bounds, Paint fill, double alpha,
                        double naturalWidth, double maxWidth) {
    /** Whether the text was squeezed narrower than it is (or, with no room at all, not drawn). */
    public boolean squeezed() {
        return !Double.isNaN(maxWidth) && naturalWidth > maxWidth + 0.5;
    }
}
