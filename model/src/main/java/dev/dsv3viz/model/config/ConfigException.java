package dev.dsv3viz.model.config;

import dev.dsv3viz.model.ModelException;

/** A config.json value is missing or out of range; the message names the key. */
public final class ConfigException extends ModelException {
    private final String key;

    public ConfigException(String key, String problem) {
        super("config.json: \"" + key + "\" " + problem);
        this.key = key;
    }

    /** The config.json key at fault. */
    public String key() {
        return key;
    }
}
