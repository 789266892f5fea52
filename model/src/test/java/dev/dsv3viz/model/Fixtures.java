package dev.dsv3viz.model;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared reference fixtures are (set by the build; next to the repository by default). */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path root() {
        Path p = Path.of(System.getProperty("dsv3viz.fixtures", "../../shared/fixtures"));
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("reference fixtures not found at " + p.toAbsolutePath()
                    + "; the build sets -Ddsv3viz.fixtures");
        }
        return p;
    }

    public static Path checkpoint(String name) {
        return root().resolve(name).resolve("checkpoint");
    }

    public static Path expected(String name) {
        return root().resolve(name).resolve("expected.safetensors");
    }
}
