package dev.dsv3viz.model.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes float32 and int32 tensors as a {@code .safetensors} file (for checkpoints the project makes). */
public final class SafeTensorsWriter {
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private record Entry(DType dtype, long[] shape, byte[] bytes) {
    }

    public SafeTensorsWriter put(String name, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        entries.put(name, new Entry(DType.F32, shape.clone(), b.array()));
        return this;
    }

    public SafeTensorsWriter put(String name, int[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        entries.put(name, new Entry(DType.I32, shape.clone(), b.array()));
        return this;
    }

    /** Raw bytes of any supported dtype, e.g. FP8 weights. */
    public SafeTensorsWriter putRaw(String name, DType dtype, byte[] bytes, long... shape) {
        entries.put(name, new Entry(dtype, shape.clone(), bytes.clone()));
        return this;
    }

    public void write(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        List<byte[]> data = new ArrayList<>();
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", e.getValue().dtype().name());
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            var offsets = t.putArray("data_offsets");
            offsets.add(offset);
            offset += e.getValue().bytes().length;
            offsets.add(offset);
            data.add(e.getValue().bytes());
        }
        byte[] head = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (head.length + 7) / 8 * 8; // the format pads the header with spaces to 8 bytes
        byte[] headPadded = new byte[padded];
        java.util.Arrays.fill(headPadded, (byte) ' ');
        System.arraycopy(head, 0, headPadded, 0, head.length);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(headPadded);
            for (byte[] d : data) {
                out.write(d);
            }
        }
    }
}
