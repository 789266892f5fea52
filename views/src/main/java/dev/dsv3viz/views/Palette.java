package dev.dsv3viz.views;

import javafx.scene.paint.Color;

/**
 * Colour maps for numbers. Both stay readable for the common forms of colour blindness: the diverging
 * map runs blue - white - orange (no red against green), the sequential one is viridis.
 */
public final class Palette {
    private static final Color[] DIVERGING = {
            Color.web("#2166ac"), Color.web("#67a9cf"), Color.web("#d1e5f0"), Color.web("#f7f7f7"),
            Color.web("#fddbc7"), Color.web("#ef8a62"), Color.web("#b2182b")};
    private static final Color[] VIRIDIS = {
            Color.web("#440154"), Color.web("#414487"), Color.web("#2a788e"), Color.web("#22a884"),
            Color.web("#7ad151"), Color.web("#fde725")};

    /** A positive and a negative load-balancing bias (the light theme's -dsv-bias-up / -dsv-bias-down). */
    public static final Color BIAS_UP = Color.web("#1f5fa8");
    public static final Color BIAS_DOWN = Color.web("#7f3c8d");

    private Palette() {
    }

    /** Negative values blue, zero white, positive orange-red; {@code scale} maps to the ends. */
    public static Color diverging(double value, double scale) {
        double t = scale <= 0 ? 0.5 : 0.5 + 0.5 * Math.max(-1, Math.min(1, value / scale));
        return ramp(DIVERGING, t);
    }

    /** Zero dark violet through to one yellow. */
    public static Color sequential(double t) {
        return ramp(VIRIDIS, Math.max(0, Math.min(1, t)));
    }

    /** The largest absolute value, the scale at which a diverging map saturates. */
    public static double maxAbs(float[] values) {
        double m = 0;
        for (float v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static Color ramp(Color[] stops, double t) {
        double x = t * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) Math.floor(x));
        return stops[i].interpolate(stops[i + 1], x - i);
    }
}
