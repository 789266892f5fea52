package dev.dsv3viz.model.config;

/** Constructor checks shared by the config records; each failure names the config.json key. */
final class ConfigChecks {
    private ConfigChecks() {
    }

    static void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw new ConfigException(key, problem);
        }
    }

    static void positive(int value, String key) {
        require(value > 0, key, "must be a positive whole number, was " + value);
    }

    /**
     * Caps a size far above any published model's, so that a corrupted number cannot make the program
     * loop or allocate for ever before a real check can fail.
     */
    static void atMost(long value, long max, String key) {
        require(value <= max, key, "must be at most " + max + " (far beyond any published model), was " + value);
    }
}
