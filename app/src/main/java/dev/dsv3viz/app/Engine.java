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

    /** A model of the given shapes with reproducible random weights (for benchmarks and demos). */
    public static Transformer random(ModelConfig config, long seed) {
        Nd4jRuntime.configure();
        return new Transformer(config, CheckpointLoader.weights(config, new RandomTensors(config, seed, 0.05)));
    }

    /** The shipped sample model's folder, if its weights are present. */
    public static Path sampleDir() {
        for (Path p : new Path[]{SAMPLE_DIR, Path.of("..").resolve(SAMPLE_DIR)}) {
            if (Files.isRegularFile(p.resolve("config.json")) && Files.isRegularFile(p.resolve("model.safetensors"))) {
                return p;
            }
        }
        return null;
    }
}
