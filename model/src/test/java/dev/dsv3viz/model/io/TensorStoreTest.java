package dev.dsv3viz.model.io;

import dev.dsv3viz.model.ModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorStoreTest {
    @TempDir
    Path dir;

    @Test
    void fp8WeightsAreScaledPerBlockAndTheirScalesHidden() throws IOException {
        // A 130 x 2 weight spans two row blocks of 128: rows 0..127 use scale 2, rows 128..129 use scale 10.
        byte[] ones = new byte[130 * 2];
        java.util.Arrays.fill(ones, (byte) 0x38); // 1.0 in E4M3
        new SafeTensorsWriter().putRaw("w.weight", DType.F8_E4M3, ones, 130, 2)
                .put("w.weight_scale_inv", new float[]{2f, 10f}, 2, 1).write(dir.resolve("model.safetensors"));
        TensorStore store = TensorStore.open(dir);
        assertEquals(Set.of("w.weight"), store.names());
        float[] w = store.floats("w.weight");
        assertEquals(2f, w[0]);
        assertEquals(2f, w[127 * 2 + 1]);
        assertEquals(10f, w[128 * 2]);
        assertEquals(10f, w[129 * 2 + 1]);
    }

    @Test
    void shardedCheckpointsAreReadThroughTheIndex() throws IOException {
        new SafeTensorsWriter().put("a", new float[]{1, 2}, 2).write(dir.resolve("model-00001-of-00002.safetensors"));
        new SafeTensorsWriter().put("b", new float[]{3}, 1).write(dir.resolve("model-00002-of-00002.safetensors"));
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"metadata\":{},\"weight_map\":{"
                + "\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"model-00002-of-00002.safetensors\"}}");
        TensorStore store = TensorStore.open(dir);
        assertEquals(Set.of("a", "b"), store.names());
        assertArrayEquals(new float[]{3}, store.floats("b"));
    }

    @Test
    void aMissingShardIsNamedWithTheIndexEntryThatNamesIt() throws IOException {
        new SafeTensorsWriter().put("a", new float[]{1, 2}, 2).write(dir.resolve("model-00001-of-00002.safetensors"));
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"metadata\":{},\"weight_map\":{"
                + "\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"model-00002-of-00002.safetensors\"}}");
        ModelException e = assertThrows(ModelException.class, () -> TensorStore.open(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("model.safetensors.index.json").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("tensor \"b\" is said to be in \"model-00002-of-00002.safetensors\", but that file"
                + " does not exist"), e.getMessage());
    }

    @Test
    void indexPointingOutsideTheFolderIsRefused() throws IOException {
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"weight_map\":{\"a\":\"../evil.safetensors\"}}");
        ModelException e = assertThrows(ModelException.class, () -> TensorStore.open(dir));
        assertTrue(e.getMessage().contains("not a file in the checkpoint folder"), e.getMessage());
    }

    @Test
    void folderWithoutWeightsSaysSo() {
        ModelException e = assertThrows(ModelException.class, () -> TensorStore.open(dir));
        assertTrue(e.getMessage().contains("no model.safetensors"), e.getMessage());
    }
}
