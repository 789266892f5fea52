package dev.dsv3viz.app;

import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.config.ConfigReader;
import dev.dsv3viz.model.config.ModelConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Model configs shipped in the resources module, in the released config.json format. */
public final class Presets {
    /** The shapes of the shipped sample model. */
    public static final String SAMPLE = "tiny-v3";
    /** Every shipped preset. */
    public static final List<String> ALL = List.of("deepseek-v3", "deepseek-v2", "deepseek-v2-lite", "kimi-k2", SAMPLE);

    private Presets() {
    }

    public static ModelConfig load(String name) {
        return ConfigReader.parse(text(name));
    }

    /** The preset's config.json text. */
    public static String text(String name) {
        try (InputStream in = Presets.class.getResourceAsStream("/dev/dsv3viz/presets/" + name + ".json")) {
            if (in == null) {
                throw new ModelException("There is no preset named \"" + name + "\".");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelException("The preset \"" + name + "\" cannot be read: " + e.getMessage(), e);
        }
    }
}
