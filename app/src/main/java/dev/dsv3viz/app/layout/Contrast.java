package dev.dsv3viz.app.layout;

import javafx.scene.paint.Color;

import java.util.Locale;

/** WCAG 2's contrast ratio of two colours, the measure its AA level asks to be 4.5:1 for text. */
public final class Contrast {
    /** WCAG 2 AA for normal text. */
    public static final double AA = 4.5;

    private Contrast() {
    }

    /** From 1 (the same luminance) to 21 (black on white), whichever colour is the lighter. */
    public static double ratio(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** WCAG's relative luminance of an opaque sRGB colour. */
    public static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(double channel) {
        return channel <= 0.04045 ? channel / 12.92 : Math.pow((channel + 0.055) / 1.055, 2.4);
    }

    /** {@code top} painted with its alpha times {@code opacity} over an opaque {@code bottom}. */
    public static Color over(Color top, double opacity, Color bottom) {
        double a = top.getOpacity() * opacity;
        return Color.color(top.getRed() * a + bottom.getRed() * (1 - a), top.getGreen() * a + bottom.getGreen() * (1 - a),
                top.getBlue() * a + bottom.getBlue() * (1 - a));
    }

    /** The colour as #rrggbb. */
    public static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
    }
}
