package dev.dsv3viz.model.io;

import dev.dsv3viz.model.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CheckpointWriterTest {
    @Test
    void writingThenLoadingGivesBackEveryTensor(@TempDir Path dir) throws IOException {
        Path src = Fixtures.checkpoint(Fixtures.TINY_A);
        CheckpointLoader.Checkpoint original = CheckpointLoader.load(src);
        Files.copy(src.resolve("config.json"), dir.resolve("config.json"));
        CheckpointWriter.write(original.config(), original.weights(), dir.resolve("model.safetensors"));
        SafeTensorsFile a = SafeTensorsFile.open(src.resolve("model.safetensors"));
        SafeTensorsFile b = SafeTensorsFile.open(dir.resolve("model.safetensors"));
        assertEquals(a.tensors().keySet(), b.tensors().keySet());
        for (String name : a.tensors().keySet()) {
            assertArrayEquals(a.info(name).shape(), b.info(name).shape(), name);
            assertArrayEquals(a.readFloats(name), b.readFloats(name), name);
        }
    }
}
