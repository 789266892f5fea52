package dev.dsv3viz.model.config;

/** How the router turns its logits into expert affinities ({@code scoring_func}). */
public enum ScoringFunction implements JsonNamed {
    /** DeepSeek-V3: each affinity is an independent sigmoid. */
    SIGMOID("sigmoid"),
    /** DeepSeek-V2: affinities are a softmax over all routed experts. */
    SOFTMAX("softmax");

    private final String jsonName;

    ScoringFunction(String jsonName) {
        this.jsonName = jsonName;
    }

    @Override
    public String jsonName() {
        return jsonName;
    }
}
