package dev.dsv3viz.model.fuzz;

import dev.dsv3viz.model.io.SafeTensorsFile;
import dev.dsv3viz.model.io.TensorInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/** Broken safetensors files are refused with the project's error, never crash, hang or over-allocate. */
class SafeTensorsFuzzTest {
    private static final String HEADER = "{\"__metadata__\": {\"format\": \"pt\"},"
            + " \"a\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_offsets\": [0, 24]},"
            + " \"b\": {\"dtype\": \"BF16\", \"shape\": [4], \"data_offsets\": [24, 32]},"
            + " \"c\": {\"dtype\": \"I32\", \"shape\": [2], \"data_offsets\": [32, 40]},"
            + " \"d\": {\"dtype\": \"F8_E4M3\", \"shape\": [8], \"data_offsets\": [40, 48]}}";

    static byte[] file(byte[] header, byte[] data, long declaredLength) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredLength).put(header).put(data);
        return b.array();
    }

    private static byte[] mutate(byte[] valid, Random r) {
        byte[] header = HEADER.getBytes(StandardCharsets.UTF_8);
        byte[] data = Arrays.copyOfRange(valid, 8 + header.length, valid.length);
        return switch (r.nextInt(5)) {
            case 0 -> {
                byte[] h = JsonMutator.mutate(header, r);
                yield file(h, data, h.length);
            }
            case 1 -> {
                long[] lengths = {0, -1, 1, header.length - 1, header.length + 1, Long.MAX_VALUE, Integer.MAX_VALUE,
                        1L << 40, r.nextLong()};
                yield file(header, data, lengths[r.nextInt(lengths.length)]);
            }
            case 2 -> Arrays.copyOf(valid, r.nextInt(valid.length));
            case 3 -> {
                byte[] b = valid.clone();
                for (int k = 0; k < 1 + r.nextInt(6); k++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                yield b;
            }
            default -> {
                byte[] h = JsonMutator.mutate(header, r);
                yield file(h, Arrays.copyOf(data, r.nextInt(data.length * 2 + 1)), h.length);
            }
        };
    }

    @Test
    void mutatedFilesAreRefusedCleanly(@TempDir Path dir) throws Exception {
        byte[] header = HEADER.getBytes(StandardCharsets.UTF_8);
        byte[] data = new byte[48];
        new Random(1).nextBytes(data);
        byte[] valid = file(header, data, header.length);
        Path path = dir.resolve("model.safetensors");
        int refused = FuzzRunner.run("safetensors", valid, 11, SafeTensorsFuzzTest::mutate, input -> {
            Files.write(path, input);
            SafeTensorsFile f = SafeTensorsFile.open(path);
            for (TensorInfo info : f.tensors().values()) {
                String name = f.tensors().entrySet().stream().filter(e -> e.getValue() == info).findFirst().orElseThrow().getKey();
                if (info.dtype().isFloatingPoint()) {
                    f.readFloats(name);
                } else {
                    f.readInts(name);
                }
            }
        });
        System.out.printf("fuzz safetensors: %d cases, %d refused with a message, the rest valid%n", FuzzRunner.cases(), refused);
    }
}
