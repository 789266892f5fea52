package dev.dsv3viz.app.cli;

import dev.dsv3viz.app.Engine;
import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.nn.Transformer;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options that choose a model and an MLA mode, shared by the subcommands. */
final class ModelOptions {
    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Hugging Face-layout checkpoint folder (default: the shipped sample model).")
    Path checkpoint;

    @Option(names = "--mla", paramLabel = "naive|absorbed", defaultValue = "absorbed",
            converter = MlaModeConverter.class, description = "MLA implementation (default: ${DEFAULT-VALUE}).")
    MlaMode mla;

    /** The checkpoint folder to use: --checkpoint, else the shipped sample model. */
    Path dir() {
        Path dir = checkpoint != null ? checkpoint : Engine.sampleDir();
        if (dir == null) {
            throw new ModelException("No --checkpoint given and the sample model (sample-weights/tiny-v3) is not here.");
        }
        return dir;
    }

    Transformer load() {
        return Engine.load(dir());
    }

    static final class MlaModeConverter implements picocli.CommandLine.ITypeConverter<MlaMode> {
        @Override
        public MlaMode convert(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "naive" -> MlaMode.NAIVE;
                case "absorbed", "absorb" -> MlaMode.ABSORBED;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not an MLA mode; use naive or absorbed");
            };
        }
    }
}
