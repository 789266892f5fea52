package dev.dsv3viz.model.generate;

/**
 * How the next token is picked.
 *
 * @param temperature 0 for greedy; higher flattens the distribution
 * @param topK        sample only among the k most likely tokens; 0 for all
 * @param seed        seed of the random generator, so that a sampled run can be repeated
 */
public record SamplingOptions(double temperature, int topK, long seed) {
    public static final SamplingOptions GREEDY = new SamplingOptions(0, 0, 0);

    public SamplingOptions {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be 0 or more, was " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be 0 or more, was " + topK);
        }
    }
}
