package dev.dsv3viz.model.config;

/** How the router picks experts from their affinities ({@code topk_method}). */
public enum TopkMethod implements JsonNamed {
    /** DeepSeek-V3: biased scores choose; groups ranked by the sum of their two best biased scores. */
    NOAUX_TC("noaux_tc"),
    /** DeepSeek-V2-Lite: the top-k affinities over all experts. */
    GREEDY("greedy"),
    /** DeepSeek-V2: groups ranked by their best affinity, then the top-k inside the kept groups. */
    GROUP_LIMITED_GREEDY("group_limited_greedy");

    private final String jsonName;

    TopkMethod(String jsonName) {
        this.jsonName = jsonName;
    }

    @Override
    public String jsonName() {
        return jsonName;
    }
}
