package dev.dsv3viz.model.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dsv3viz.model.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The converter reproduces the committed bf16 and FP8 fixtures exactly (so their expected outputs belong to
 * the weights the converter makes), and what it stores differs from the float32 original only by rounding.
 */
class FixtureConverterTest {
    @TempDir
    Path dir;

    @Test
    void bf16OfTheFirstFixtureIsTheCommittedBf16Fixture() throws IOException {
        FixtureConverter.toBf16(Fixtures.checkpoint(Fixtures.TINY_A), dir);
        assertSameCheckpoint(Fixtures.checkpoint(Fixtures.TINY_A_BF16), dir);
    }

    @Test
    void fp8OfTheYarnFixtureIsTheCommittedFp8Fixture() throws IOException {
        FixtureConverter.toFp8(Fixtures.checkpoint(Fixtures.TINY_YARN), dir, 3);
        assertSameCheckpoint(Fixtures.checkpoint(Fixtures.TINY_YARN_FP8), dir);
    }

    @Test
    void bf16KeepsEachWeightToHalfAUnitInTheLastPlace() {
        TensorStore original = TensorStore.open(Fixtures.checkpoint(Fixtures.TINY_A));
        TensorStore bf16 = TensorStore.open(Fixtures.checkpoint(Fixtures.TINY_A_BF16));
        assertEquals(original.names(), bf16.names());
        for (String name : original.names()) {
            assertEquals(DType.BF16, bf16.dtype(name), name);
            float[] a = original.floats(name);
            float[] b = bf16.floats(name);
            for (int i = 0; i < a.length; i++) {
                // 8 significant bits: within 2^-8 of the value.
                assertTrue(Math.abs(a[i] - b[i]) <= Math.abs(a[i]) * 0x1p-8f, name + "[" + i + "]");
            }
        }
    }

    @Test
    void fp8StoresProjectionsAsReleasedCheckpointsDoAndKeepsThemToItsPrecision() {
        TensorStore original = TensorStore.open(Fixtures.checkpoint(Fixtures.TINY_YARN));
        Path fp8Dir = Fixtures.checkpoint(Fixtures.TINY_YARN_FP8);
        TensorStore fp8 = TensorStore.open(fp8Dir);
        assertEquals(original.names(), fp8.names());
        long shards = fp8.names().stream().map(fp8::fileOf).distinct().count();
        assertEquals(3, shards);
        for (String name : original.names()) {
            float[] a = original.floats(name);
            float[] b = fp8.floats(name);
            if (name.endsWith("_proj.weight")) {
                assertEquals(DType.F8_E4M3, fp8.dtype(name), name);
                float[] scales = SafeTensorsFile.open(fp8.fileOf(name)).readFloats(name + "_scale_inv");
                int cols = (int) original.shape(name)[1];
                int blockCols = (cols + 127) / 128;
                for (int i = 0; i < a.length; i++) {
                    float scale = scales[(i / cols / 128) * blockCols + (i % cols) / 128];
                    // 4 significant bits (within 2^-4 of the value), or half the subnormal step 2^-9 near zero.
                    float bound = Math.max(Math.abs(a[i]) * 0x1p-4f, scale * 0x1p-10f) * 1.0001f;
                    assertTrue(Math.abs(a[i] - b[i]) <= bound, name + "[" + i + "]: " + a[i] + " stored as " + b[i]);
                }
            } else if (name.endsWith("e_score_correction_bias")) {
                assertEquals(DType.F32, fp8.dtype(name), name);
                assertArrayEquals(a, b, name);
            } else {
                assertEquals(DType.BF16, fp8.dtype(name), name);
            }
        }
    }

    @Test
    void e4m3EncodingRoundsToTheNearestCodeTiesToEven() {
        for (int code = 0; code < 0x7f; code++) {
            float v = FloatCodecs.e4m3((byte) code);
            assertEquals(code, FixtureConverter.e4m3(v), "code " + code);
            if (code > 0) {
                assertEquals(code | 0x80, FixtureConverter.e4m3(-v) & 0xff, "code -" + code);
            }
        }
        // 1.0 is 0x38, 1.125 is 0x39, 1.25 is 0x3a: halfway rounds to the even code.
        assertEquals(0x38, FixtureConverter.e4m3(1.0625f));
        assertEquals(0x3a, FixtureConverter.e4m3(1.1875f));
        assertEquals(0x39, FixtureConverter.e4m3(1.1f));
        assertEquals(0x7e, FixtureConverter.e4m3(1000f), "saturates at 448");
    }

    @Test
    void bf16EncodingRoundsToNearestTiesToEven() {
        assertEquals((short) 0x3f80, FixtureConverter.bf16(1.0f));
        assertEquals((short) 0x3f80, FixtureConverter.bf16(Float.intBitsToFloat(0x3f808000)), "tie to even (down)");
        assertEquals((short) 0x3f82, FixtureConverter.bf16(Float.intBitsToFloat(0x3f818000)), "tie to even (up)");
        assertEquals((short) 0x3f81, FixtureConverter.bf16(Float.intBitsToFloat(0x3f808001)));
        assertEquals(-2.5f, FloatCodecs.bf16(FixtureConverter.bf16(-2.5f)));
    }

    /** Same files, same config, and every tensor of the same type, shape and bytes. */
    private static void assertSameCheckpoint(Path committed, Path made) throws IOException {
        assertEquals(files(committed), files(made));
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(committed.resolve("config.json").toFile()), json.readTree(made.resolve("config.json").toFile()));
        for (String file : files(committed)) {
            if (file.endsWith(".json")) {
                assertEquals(json.readTree(committed.resolve(file).toFile()), json.readTree(made.resolve(file).toFile()), file);
                continue;
            }
            SafeTensorsFile a = SafeTensorsFile.open(committed.resolve(file));
            SafeTensorsFile b = SafeTensorsFile.open(made.resolve(file));
            assertEquals(a.tensors().keySet(), b.tensors().keySet(), file);
            for (TensorInfo t : a.tensors().values()) {
                assertEquals(t.dtype(), b.info(t.name()).dtype(), t.name());
                assertArrayEquals(t.shape(), b.info(t.name()).shape(), t.name());
                assertArrayEquals(a.readFloats(t.name()), b.readFloats(t.name()), t.name());
            }
        }
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
