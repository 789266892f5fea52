package dev.dsv3viz.model.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dsv3viz.model.ModelException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code .safetensors} file: an 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then the raw data. The whole header is validated when the file is opened,
 * before any tensor is allocated, so a truncated or lying file fails here with a message that names it.
 */
public final class SafeTensorsFile {
    /** The format's own limit on the header (100 MB); real headers are a few hundred kilobytes. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;

    private SafeTensorsFile(Path path, long dataStart, Map<String, TensorInfo> tensors) {
        this.path = path;
        this.dataStart = dataStart;
        this.tensors = tensors;
    }

    /** Opens and validates {@code path}; throws {@link ModelException} naming the file and the problem. */
    public static SafeTensorsFile open(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            if (fileSize < 8) {
                throw fail(path, "is too short to be a safetensors file (" + fileSize + " bytes)");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0);
            long headerLength = len.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
                throw fail(path, "declares a header of " + Long.toUnsignedString(headerLength)
                        + " bytes, but the file has " + (fileSize - 8) + " bytes after the length field"
                        + " (is the file truncated or not a safetensors file?)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(ch, header, 8);
            long dataStart = 8 + headerLength;
            Map<String, TensorInfo> tensors = parseHeader(path, new String(header.array(), StandardCharsets.UTF_8),
                    fileSize - dataStart);
            return new SafeTensorsFile(path, dataStart, tensors);
        } catch (NoSuchFileException e) {
            throw fail(path, "does not exist");
        } catch (IOException e) {
            throw fail(path, "cannot be read (" + e.getMessage() + ")");
        }
    }

    private static Map<String, TensorInfo> parseHeader(Path path, String text, long dataSize) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw fail(path, "has a header that is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw fail(path, "has a header that is not a JSON object");
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            tensors.put(e.getKey(), parseEntry(path, e.getKey(), e.getValue(), dataSize));
        }
        checkNoOverlap(path, tensors.values());
        return Collections.unmodifiableMap(tensors);
    }

    private static TensorInfo parseEntry(Path path, String name, JsonNode entry, long dataSize) {
        if (!entry.isObject()) {
            throw fail(path, "header entry \"" + name + "\" is not an object");
        }
        JsonNode dtypeNode = entry.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw fail(path, "tensor \"" + name + "\" has no dtype");
        }
        DType dtype = DType.fromHeader(dtypeNode.textValue()).orElseThrow(() -> fail(path,
                "tensor \"" + name + "\" has dtype " + dtypeNode.textValue()
                        + ", which this program does not read (F32, BF16, F16, F8_E4M3, I32, I64)"));
        JsonNode shapeNode = entry.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw fail(path, "tensor \"" + name + "\" has no shape");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToExactIntegral() || !d.canConvertToLong() || d.longValue() < 0) {
                throw fail(path, "tensor \"" + name + "\" has an invalid dimension " + d);
            }
            shape[i] = d.longValue();
        }
        JsonNode offsets = entry.get("data_offsets");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2
                || !offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
            throw fail(path, "tensor \"" + name + "\" has no valid data_offsets [begin, end]");
        }
        long begin = offsets.get(0).longValue();
        long end = offsets.get(1).longValue();
        if (begin < 0 || end < begin || end > dataSize) {
            throw fail(path, "tensor \"" + name + "\" claims bytes " + begin + ".." + end
                    + " but the data section has " + dataSize + " bytes (truncated file or lying header)");
        }
        TensorInfo info = new TensorInfo(name, dtype, shape, begin, end);
        long expected;
        try {
            expected = Math.multiplyExact(info.elementCount(), dtype.bytes());
        } catch (ArithmeticException overflow) {
            throw fail(path, "tensor \"" + name + "\" has a shape too large to exist: " + info.shapeText());
        }
        if (expected != end - begin) {
            throw fail(path, "tensor \"" + name + "\" is " + dtype + " of shape " + info.shapeText() + ", which needs "
                    + expected + " bytes, but its data_offsets span " + (end - begin) + " bytes");
        }
        return info;
    }

    private static void checkNoOverlap(Path path, Iterable<TensorInfo> infos) {
        List<TensorInfo> sorted = new ArrayList<>();
        infos.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        for (int i = 1; i < sorted.size(); i++) {
            TensorInfo a = sorted.get(i - 1);
            TensorInfo b = sorted.get(i);
            if (b.begin() < a.end()) {
                throw fail(path, "tensors \"" + a.name() + "\" and \"" + b.name() + "\" overlap in the file");
            }
        }
    }

    public Path path() {
        return path;
    }

    /** Every tensor in the file, in header order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /** Reads a floating-point tensor, converted to float32, in row-major order. */
    public float[] readFloats(String name) {
        TensorInfo info = info(name);
        if (!info.dtype().isFloatingPoint()) {
            throw fail(path, "tensor \"" + name + "\" is " + info.dtype() + ", not a floating-point tensor");
        }
        ByteBuffer bytes = readBytes(info);
        int n = Math.toIntExact(info.elementCount());
        float[] out = new float[n];
        switch (info.dtype()) {
            case F32 -> bytes.asFloatBuffer().get(out);
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = FloatCodecs.bf16(bytes.getShort(2 * i));
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = FloatCodecs.f16(bytes.getShort(2 * i));
                }
            }
            case F8_E4M3 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = FloatCodecs.e4m3(bytes.get(i));
                }
            }
            default -> throw new IllegalStateException(info.dtype().name());
        }
        return out;
    }

    /** Reads an integer tensor (I32, or I64 values that fit in an int). */
    public int[] readInts(String name) {
        TensorInfo info = info(name);
        ByteBuffer bytes = readBytes(info);
        int n = Math.toIntExact(info.elementCount());
        int[] out = new int[n];
        switch (info.dtype()) {
            case I32 -> bytes.asIntBuffer().get(out);
            case I64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Math.toIntExact(bytes.getLong(8 * i));
                }
            }
            default -> throw fail(path, "tensor \"" + name + "\" is " + info.dtype() + ", not an integer tensor");
        }
        return out;
    }

    public TensorInfo info(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw fail(path, "has no tensor named \"" + name + "\"");
        }
        return info;
    }

    private ByteBuffer readBytes(TensorInfo info) {
        long size = info.end() - info.begin();
        if (size > Integer.MAX_VALUE - 8) {
            throw fail(path, "tensor \"" + info.name() + "\" is larger than 2 GB, which this program cannot hold");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            readFully(ch, buf, dataStart + info.begin());
        } catch (IOException e) {
            throw fail(path, "cannot be read (" + e.getMessage() + ")");
        }
        return buf.flip();
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    private static ModelException fail(Path path, String problem) {
        return new ModelException(path + ": " + problem + ".");
    }
}
