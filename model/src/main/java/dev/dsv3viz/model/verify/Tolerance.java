package dev.dsv3viz.model.verify;

import java.math.BigDecimal;

/**
 * The largest error of a compared quantity that passes, and how it was set, in words for the output.
 *
 * @param limit the largest error that passes
 * @param rule  how the limit follows from the model, e.g. {@code absolute} or {@code 1e-5 x routed_scaling_factor 16}
 */
public record Tolerance(double limit, String rule) {
    /** For counts that must be zero: tokens whose expert set differs, generated ids that differ. */
    public static final Tolerance EXACT = new Tolerance(0, "exact");

    public static Tolerance absolute(double limit) {
        return new Tolerance(limit, "absolute");
    }

    /**
     * Gate weights are affinities of at most 1 (normalised or not) times {@code routed_scaling_factor}, so
     * their float32 rounding error grows with the factor: the limit is {@code perUnit} times it.
     */
    public static Tolerance perRoutedScale(double perUnit, double routedScalingFactor) {
        return new Tolerance(perUnit * routedScalingFactor,
                plain(perUnit) + " x routed_scaling_factor " + plain(routedScalingFactor));
    }

    private static String plain(double v) {
        BigDecimal d = BigDecimal.valueOf(v).stripTrailingZeros();
        return Math.abs(v) < 1e-3 ? String.format("%.0e", v).replace("e-0", "e-") : d.toPlainString();
    }
}
