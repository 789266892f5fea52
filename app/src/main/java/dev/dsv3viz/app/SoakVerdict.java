package dev.dsv3viz.app;

import java.util.Locale;

/**
 * Whether memory stayed flat over a soak: resident and off-heap memory at the end against after the
 * warm-up, each as a fraction of growth, held to a bound.
 *
 * @param residentGrowth resident memory at the end over after warm-up, minus 1
 * @param offHeapGrowth  the same for resident memory beyond the Java heap
 * @param bound          the largest growth that passes, as a fraction
 */
public record SoakVerdict(double residentGrowth, double offHeapGrowth, double bound) {
    /** A leak in a long lesson shows as growth beyond this; allocator noise stays well under it. */
    public static final double BOUND = 0.10;

    public static SoakVerdict of(MemoryReading afterWarmUp, MemoryReading atEnd, double bound) {
        return new SoakVerdict(growth(afterWarmUp.residentBytes(), atEnd.residentBytes()),
                growth(afterWarmUp.offHeapBytes(), atEnd.offHeapBytes()), bound);
    }

    /** end / start - 1, rounded to 4 places; NaN when either was not measured. */
    static double growth(long start, long end) {
        if (start <= 0 || end < 0) {
            return Double.NaN;
        }
        return Math.round(((double) end / start - 1) * 10000) / 10000.0;
    }

    /** Both figures measured and under the bound (shrinking passes). */
    public boolean passed() {
        return residentGrowth < bound && offHeapGrowth < bound;
    }

    /** One line for a person: the verdict, both figures and the bound. */
    public String summary() {
        return String.format(Locale.ROOT, "%s: resident %s, off-heap %s after warm-up (bound +%.0f%%)",
                passed() ? "PASS" : "FAIL", percent(residentGrowth), percent(offHeapGrowth), bound * 100);
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "not measured" : String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
    }
}
