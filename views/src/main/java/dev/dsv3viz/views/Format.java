package dev.dsv3viz.views;

import java.util.Locale;

/** Numbers as people read them on a slide: 37.6B parameters, 68.6 KiB, 0.312. */
public final class Format {
    private static final String[] COUNT_UNITS = {"", "K", "M", "B", "T"};
    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Format() {
    }

    /** A count with a K/M/B/T suffix and three significant digits; exact below 1,000. */
    public static String count(long n) {
        return scaled(n, 1000, COUNT_UNITS, "");
    }

    /** A byte size in binary units. */
    public static String bytes(long n) {
        return scaled(n, 1024, BYTE_UNITS, " ");
    }

    /** {@code n} divided by {@code step} until it is below it, with the unit of that many divisions. */
    private static String scaled(long n, int step, String[] units, String gap) {
        double v = n;
        int u = 0;
        while (Math.abs(v) >= step && u < units.length - 1) {
            v /= step;
            u++;
        }
        return (u == 0 ? Long.toString(n) : threeDigits(v)) + gap + units[u];
    }

    /** A count with thousands separators: 671,026,419,200. */
    public static String exact(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A tensor value: four significant digits, scientific when tiny or huge. */
    public static String value(double v) {
        double a = Math.abs(v);
        if (v == 0) {
            return "0";
        }
        if (a < 1e-3 || a >= 1e4) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** A gate weight or score with three decimals: 0.424. */
    public static String weight(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A setting as written: 0.01, 2.5, 0 (at most four significant digits, no trailing zeros). */
    public static String plain(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** A probability as a percentage with one decimal. */
    public static String percent(double p) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * p);
    }

    /** A shape as (4, 32). */
    public static String shape(int... dims) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            s.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return s.append(')').toString();
    }

    private static String threeDigits(double v) {
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    }
}
