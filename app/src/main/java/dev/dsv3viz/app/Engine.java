package dev.dsv3viz.app;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.io.CheckpointLoader;
import dev.dsv3viz.model.io.RandomTensors;
import dev.dsv3viz.model.nn.Nd4jRuntime;
import dev.dsv3viz.model.nn.Transformer;

import java.nio.file.Files;
import java.nio.file.Path;

/** Starting ND4J the way this program needs it, and building models from checkpoints or presets. */
public final class Engine {
    /** The sample model's folder when run from the repository root or from {@code app/}. */
    public static final Path SAMPLE_DIR = Path.of("sample-weights", "tiny-v3");

    private Engine() {
    }

    public static Transformer load(Path checkpointDir) {
        Nd4jRuntime.configure();
        CheckpointLoader.Checkpoint ckpt = CheckpointLoader.load(checkpointDir);
        return new Transformer(ckpt.config(), ckpt.weights());
    }

    /** The repository root seen from this class's jar or classes folder ({@code app/target/...}). */
    private static Path buildRoot() {
        var source = Engine.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return Path.of(".");
        }
        try {
            Path p = Path.of(source.getLocation().toURI()).toAbsolutePath();
            for (int up = 0; up < 3 && p.getParent() != null; up++) {
                p = p.getParent(); // dsv3viz.jar or classes -> target -> app -> root
            }
            return p;
        } catch (java.net.URISyntaxException e) {
            return Path.of(".");
        }
    }

    /** A model of the given shapes with reproducible random weights (for benchmarks and demos). */
    public static Transformer random(ModelConfig config, long seed) {
        Nd4jRuntime.configure();
        return new Transformer(config, CheckpointLoader.weights(config, new RandomTensors(config, seed, 0.05)));
    }

    /**
     * The shipped sample model's folder, if its weights are present: looked for from the working directory
     * and from the jar's place in the build ({@code app/target/dsv3viz.jar}).
     */
    public static Path sampleDir() {
        for (Path p : new Path[]{SAMPLE_DIR, Path.of("..").resolve(SAMPLE_DIR), buildRoot().resolve(SAMPLE_DIR)}) {
            if (Files.isRegularFile(p.resolve("config.json")) && Files.isRegularFile(p.resolve("model.safetensors"))) {
                return p;
            }
        }
        return null;
    }
}
