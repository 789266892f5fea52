package dev.dsv3viz.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's reference fixtures in {@code model/src/test/fixtures} (what each is and how its
 * expected outputs were made: the README there). The build passes their folder as
 * {@code -Ddsv3viz.fixtures}; without it, they are found from the module's own folder.
 */
public final class Fixtures {
    /** q LoRA, plain RoPE, sigmoid router with the balancing bias, 2 MTP modules: Hugging Face's outputs. */
    public static final String TINY_A = "dsv3-tiny-a";
    /** The same shapes with YaRN RoPE scaling, other weights: Hugging Face's outputs. */
    public static final String TINY_YARN = "dsv3-tiny-yarn";
    /** {@link #TINY_A} stored in bfloat16, outputs recomputed from the rounded weights. */
    public static final String TINY_A_BF16 = "dsv3-tiny-a-bf16";
    /** {@link #TINY_YARN} stored FP8 with 128x128 block scales in three shards, outputs recomputed. */
    public static final String TINY_YARN_FP8 = "dsv3-tiny-yarn-fp8";
    /** DeepSeek-V2's router (softmax, group-limited greedy, scaling 16, no bias), no q LoRA, no MTP. */
    public static final String TINY_V2 = "dsv2-tiny";

    private Fixtures() {
    }

    public static Path root() {
        Path p = Path.of(System.getProperty("dsv3viz.fixtures", "../model/src/test/fixtures"));
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("reference fixtures not found at " + p.toAbsolutePath()
                    + "; the build sets -Ddsv3viz.fixtures");
        }
        return p;
    }

    /** The fixture's folder, holding {@code checkpoint/} and {@code expected.safetensors}. */
    public static Path dir(String name) {
        return root().resolve(name);
    }

    public static Path checkpoint(String name) {
        return dir(name).resolve("checkpoint");
    }

    public static Path expected(String name) {
        return dir(name).resolve("expected.safetensors");
    }
}
