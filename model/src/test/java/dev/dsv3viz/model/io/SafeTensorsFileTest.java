package dev.dsv3viz.model.io;

import dev.dsv3viz.model.ModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeTensorsFileTest {
    @TempDir
    Path dir;

    private Path valid() throws IOException {
        Path f = dir.resolve("model.safetensors");
        new SafeTensorsWriter().put("a", new float[]{1, 2, 3, 4, 5, 6}, 2, 3).put("b", new int[]{7, 8}, 2).write(f);
        return f;
    }

    /** A file with the given header JSON and {@code dataBytes} zero bytes of data. */
    private Path withHeader(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = dir.resolve("crafted.safetensors");
        Files.write(f, b.array());
        return f;
    }

    private static void assertFailsNaming(Path f, String problem) {
        ModelException e = assertThrows(ModelException.class, () -> SafeTensorsFile.open(f));
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(problem), "says '" + problem + "': " + e.getMessage());
    }

    @Test
    void readsWhatTheWriterWrote() throws IOException {
        SafeTensorsFile f = SafeTensorsFile.open(valid());
        assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, f.readFloats("a"));
        assertArrayEquals(new int[]{7, 8}, f.readInts("b"));
        assertArrayEquals(new long[]{2, 3}, f.info("a").shape());
    }

    @Test
    void aMissingFileSaysItDoesNotExist() {
        assertFailsNaming(dir.resolve("absent.safetensors"), "does not exist");
    }

    @Test
    void truncatedFileIsRefusedWithTheFileName() throws IOException {
        Path f = valid();
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 5));
        assertFailsNaming(f, "truncated");
    }

    @Test
    void fileShorterThanTheLengthFieldIsRefused() throws IOException {
        Path f = dir.resolve("tiny.safetensors");
        Files.write(f, new byte[]{1, 2, 3});
        assertFailsNaming(f, "too short");
    }

    @Test
    void headerLengthBeyondTheFileIsRefusedBeforeAllocating() throws IOException {
        Path f = dir.resolve("huge.safetensors");
        Files.write(f, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE - 3).array());
        assertFailsNaming(f, "declares a header");
    }

    @Test
    void offsetsOutsideTheDataAreRefused() throws IOException {
        assertFailsNaming(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8000]}}", 8), "claims bytes");
    }

    @Test
    void dtypeThatDoesNotFitTheByteLengthIsRefused() throws IOException {
        assertFailsNaming(withHeader("{\"a\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[0,16]}}", 16), "needs 8 bytes");
    }

    @Test
    void overlappingTensorsAreRefused() throws IOException {
        assertFailsNaming(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "overlap");
    }

    @Test
    void unknownDtypeIsRefused() throws IOException {
        assertFailsNaming(withHeader("{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8), "C64");
    }

    @Test
    void shapeWhoseSizeOverflowsIsRefused() throws IOException {
        assertFailsNaming(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],"
                + "\"data_offsets\":[0,8]}}", 8), "too large");
    }

    @Test
    void headerThatIsNotJsonIsRefused() throws IOException {
        assertFailsNaming(withHeader("{not json", 0), "not valid JSON");
    }

    @Test
    void bf16AndF16AreWidenedExactly() throws IOException {
        Path f = dir.resolve("half.safetensors");
        // 1.5 in bf16 is 0x3FC0; -2.0 in f16 is 0xC000; 65504 (f16 max) is 0x7BFF.
        byte[] bf = {(byte) 0xC0, 0x3F};
        byte[] f16 = {0x00, (byte) 0xC0, (byte) 0xFF, 0x7B};
        new SafeTensorsWriter().putRaw("bf", DType.BF16, bf, 1).putRaw("h", DType.F16, f16, 2).write(f);
        SafeTensorsFile s = SafeTensorsFile.open(f);
        assertArrayEquals(new float[]{1.5f}, s.readFloats("bf"));
        assertArrayEquals(new float[]{-2f, 65504f}, s.readFloats("h"));
    }

    @Test
    void fp8E4m3DecodesItsKnownValues() {
        assertEquals(1.0f, FloatCodecs.e4m3((byte) 0x38));
        assertEquals(448.0f, FloatCodecs.e4m3((byte) 0x7E));
        assertEquals(-0.5f, FloatCodecs.e4m3((byte) 0xB0));
        assertEquals((float) Math.pow(2, -9), FloatCodecs.e4m3((byte) 0x01));
        assertTrue(Float.isNaN(FloatCodecs.e4m3((byte) 0x7F)));
    }
}
