package dev.dsv3viz.model.io;

import dev.dsv3viz.model.ConfigBuilder;
import dev.dsv3viz.model.Fixtures;
import dev.dsv3viz.model.ModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointLoaderTest {
    @TempDir
    Path dir;

    /** Copies the fixture's tensors with one missing, one mis-shaped and one extra. */
    private void writeDamagedCheckpoint() throws IOException {
        Path src = Fixtures.checkpoint(Fixtures.TINY_A);
        Files.copy(src.resolve("config.json"), dir.resolve("config.json"));
        SafeTensorsFile f = SafeTensorsFile.open(src.resolve("model.safetensors"));
        SafeTensorsWriter w = new SafeTensorsWriter();
        for (TensorInfo t : f.tensors().values()) {
            switch (t.name()) {
                case "model.layers.1.mlp.experts.3.up_proj.weight" -> { }
                case "model.layers.0.self_attn.kv_b_proj.weight" -> w.put(t.name(), new float[128 * 31], 128, 31);
                default -> w.put(t.name(), f.readFloats(t.name()), t.shape());
            }
        }
        w.put("model.layers.0.self_attn.extra.weight", new float[4], 2, 2);
        w.write(dir.resolve("model.safetensors"));
    }

    @Test
    void everyOffendingTensorIsListedInOneError() throws IOException {
        writeDamagedCheckpoint();
        ModelException e = assertThrows(ModelException.class, () -> CheckpointLoader.load(dir));
        String m = e.getMessage();
        assertTrue(m.contains("3 problems"), m);
        assertTrue(m.contains("missing model.layers.1.mlp.experts.3.up_proj.weight [24, 64]"), m);
        assertTrue(m.contains("wrong shape model.layers.0.self_attn.kv_b_proj.weight: [128, 31], expected [128, 32]"), m);
        assertTrue(m.contains("unexpected model.layers.0.self_attn.extra.weight"), m);
        assertTrue(m.contains(dir.toString()), m);
    }

    @Test
    void fixtureLoadsWithEveryTensorAccountedFor() {
        CheckpointLoader.Checkpoint c = CheckpointLoader.load(Fixtures.checkpoint(Fixtures.TINY_A));
        assertEquals(3, c.weights().layers().size());
        assertEquals(2, c.weights().mtp().size());
    }

    @Test
    void badConfigValueNamesTheFileAndTheKey() {
        ConfigBuilder.tinyV3().topkGroup(9).writeTo(dir);
        ModelException e = assertThrows(ModelException.class, () -> CheckpointLoader.load(dir));
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
        assertTrue(e.getMessage().contains("\"topk_group\" must not exceed n_group (8), was 9"), e.getMessage());
    }
}
