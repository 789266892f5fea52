package dev.dsv3viz.model.training;

/**
 * How evenly tokens were spread over experts: the busiest and idlest expert against the mean, and the
 * coefficient of variation (standard deviation over mean). Balanced routing keeps all three near 1, 1
 * and 0; collapse shows as a large max/mean, idle experts (min/mean 0) and a large CV.
 */
public record LoadSpread(double maxOverMean, double minOverMean, double coefficientOfVariation) {
    public static LoadSpread of(int[] load) {
        if (load.length == 0) {
            return new LoadSpread(Double.NaN, Double.NaN, Double.NaN);
        }
        double sum = 0;
        int max = Integer.MIN_VALUE;
        int min = Integer.MAX_VALUE;
        for (int n : load) {
            sum += n;
            max = Math.max(max, n);
            min = Math.min(min, n);
        }
        double mean = sum / load.length;
        if (mean == 0) {
            return new LoadSpread(Double.NaN, Double.NaN, Double.NaN);
        }
        double squares = 0;
        for (int n : load) {
            squares += (n - mean) * (n - mean);
        }
        return new LoadSpread(max / mean, min / mean, Math.sqrt(squares / load.length) / mean);
    }
}
