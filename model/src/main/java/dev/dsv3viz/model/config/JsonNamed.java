package dev.dsv3viz.model.config;

/** An enum constant spelled in config.json as {@link #jsonName()}. */
public interface JsonNamed {
    String jsonName();
}
