package dev.dsv3viz.model.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dsv3viz.model.config.ConfigReader;
import dev.dsv3viz.model.config.ModelConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stores a fixture's model another way, as checkpoints in the wild do (a test utility; the fixtures'
 * README says which committed fixture came from which conversion):
 * <ul>
 *   <li>{@link #withoutMtp}: the main model alone, as checkpoints converted without their MTP layer and
 *       DeepSeek-V2 ship: layers {@code num_hidden_layers..} dropped, {@code num_nextn_predict_layers} 0,
 *       the expected MTP outputs dropped. The other expected outputs stay: the main model never reads the
 *       MTP modules.</li>
 *   <li>{@link #toBf16}: every floating-point tensor rounded to bfloat16 (to nearest, ties to even).</li>
 *   <li>{@link #toFp8}: as DeepSeek's released checkpoints store weights: every projection
 *       ({@code *_proj.weight}) in FP8 E4M3 with one float32 {@code weight_scale_inv} per 128x128 block
 *       (weight = code x scale, the scale being the block's largest magnitude over 448, E4M3's largest
 *       value), embeddings, head, norms and router in bfloat16, the balancing bias in float32; split by
 *       layer into shards named by {@code model.safetensors.index.json}.</li>
 * </ul>
 * Rounding changes what the model computes, so the bf16 and FP8 variants need expected outputs of their
 * own, recomputed from the rounded weights by the reference.
 */
public final class FixtureConverter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCALE_SUFFIX = "_scale_inv";
    /** E4M3's largest finite value. */
    private static final float E4M3_MAX = 448f;
    /** The 127 non-negative finite E4M3 values, by code (0x7f is NaN). */
    private static final float[] E4M3_VALUES = new float[0x7f];

    static {
        for (int code = 0; code < E4M3_VALUES.length; code++) {
            E4M3_VALUES[code] = FloatCodecs.e4m3((byte) code);
        }
    }

    private FixtureConverter() {
    }

    /** {@code no-mtp FIXTURE OUT}, {@code bf16 CHECKPOINT OUT} or {@code fp8 CHECKPOINT OUT SHARDS}. */
    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "no-mtp" -> withoutMtp(Path.of(args[1]), Path.of(args[2]));
            case "bf16" -> toBf16(Path.of(args[1]), Path.of(args[2]));
            case "fp8" -> toFp8(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("no-mtp, bf16 or fp8, not " + args[0]);
        }
    }

    /** A fixture folder ({@code checkpoint/}, {@code expected.safetensors}) without its MTP modules. */
    public static void withoutMtp(Path fixture, Path out) throws IOException {
        Path from = fixture.resolve("checkpoint");
        Path to = Files.createDirectories(out.resolve("checkpoint"));
        ModelConfig c = ConfigReader.read(from.resolve("config.json"));
        ObjectNode config = readConfig(from);
        config.put("num_nextn_predict_layers", 0);
        writeConfig(to, config);
        SafeTensorsFile weights = SafeTensorsFile.open(from.resolve(TensorStore.SINGLE_FILE));
        SafeTensorsWriter w = new SafeTensorsWriter();
        for (TensorInfo t : weights.tensors().values()) {
            if (layerOf(t.name()) < c.numHiddenLayers()) {
                copy(weights, t, w);
            }
        }
        w.write(to.resolve(TensorStore.SINGLE_FILE));
        SafeTensorsFile expected = SafeTensorsFile.open(fixture.resolve("expected.safetensors"));
        SafeTensorsWriter e = new SafeTensorsWriter();
        for (TensorInfo t : expected.tensors().values()) {
            if (!t.name().contains("mtp")) {
                copy(expected, t, e);
            }
        }
        e.write(out.resolve("expected.safetensors"));
    }

    /** A float32 checkpoint folder with every floating-point tensor stored as bfloat16. */
    public static void toBf16(Path checkpoint, Path out) throws IOException {
        Files.createDirectories(out);
        ObjectNode config = readConfig(checkpoint);
        config.put("torch_dtype", "bfloat16");
        writeConfig(out, config);
        TensorStore store = TensorStore.open(checkpoint);
        SafeTensorsWriter w = new SafeTensorsWriter();
        for (String name : store.names()) {
            w.putRaw(name, DType.BF16, bf16Bytes(store.floats(name)), store.shape(name));
        }
        w.write(out.resolve(TensorStore.SINGLE_FILE));
    }

    /** A float32 checkpoint folder stored as DeepSeek's FP8 release is, in {@code shards} files. */
    public static void toFp8(Path checkpoint, Path out, int shards) throws IOException {
        Files.createDirectories(out);
        ObjectNode config = readConfig(checkpoint);
        config.put("torch_dtype", "bfloat16");
        ObjectNode q = config.putObject("quantization_config");
        q.put("activation_scheme", "dynamic");
        q.put("fmt", "e4m3");
        q.put("quant_method", "fp8");
        q.putArray("weight_block_size").add(TensorStore.FP8_BLOCK).add(TensorStore.FP8_BLOCK);
        writeConfig(out, config);
        ModelConfig c = ConfigReader.read(checkpoint.resolve("config.json"));
        int layers = c.numHiddenLayers() + c.numNextnPredictLayers();
        TensorStore store = TensorStore.open(checkpoint);
        List<SafeTensorsWriter> writers = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            writers.add(new SafeTensorsWriter());
        }
        Map<String, String> weightMap = new TreeMap<>();
        long totalBytes = 0;
        for (String name : store.names()) {
            int layer = layerOf(name);
            // The embedding opens the first shard; the final norm and head close the last.
            int shard = layer < 0 ? (name.startsWith("model.embed_tokens") ? 0 : shards - 1)
                    : layer * shards / layers;
            String file = String.format("model-%05d-of-%05d.safetensors", shard + 1, shards);
            SafeTensorsWriter w = writers.get(shard);
            float[] values = store.floats(name);
            long[] shape = store.shape(name);
            if (name.endsWith("_proj.weight")) {
                Fp8 fp8 = fp8(values, (int) shape[0], (int) shape[1]);
                w.putRaw(name, DType.F8_E4M3, fp8.codes(), shape);
                w.put(name + SCALE_SUFFIX, fp8.scales(), fp8.scaleShape());
                weightMap.put(name + SCALE_SUFFIX, file);
                totalBytes += fp8.codes().length + 4L * fp8.scales().length;
            } else if (name.endsWith("e_score_correction_bias")) {
                w.put(name, values, shape);
                totalBytes += 4L * values.length;
            } else {
                w.putRaw(name, DType.BF16, bf16Bytes(values), shape);
                totalBytes += 2L * values.length;
            }
            weightMap.put(name, file);
        }
        for (int i = 0; i < shards; i++) {
            writers.get(i).write(out.resolve(String.format("model-%05d-of-%05d.safetensors", i + 1, shards)));
        }
        ObjectNode index = JSON.createObjectNode();
        index.putObject("metadata").put("total_size", totalBytes);
        ObjectNode map = index.putObject("weight_map");
        weightMap.forEach(map::put);
        Files.writeString(out.resolve(TensorStore.INDEX_FILE), index.toPrettyString() + "\n");
    }

    /**
     * FP8 codes of a (rows, cols) weight and its block scales, (ceil(rows/128), ceil(cols/128)).
     *
     * @param codes one E4M3 byte per weight, row-major
     */
    record Fp8(byte[] codes, float[] scales, long[] scaleShape) {
    }

    static Fp8 fp8(float[] w, int rows, int cols) {
        int block = TensorStore.FP8_BLOCK;
        int blockRows = (rows + block - 1) / block;
        int blockCols = (cols + block - 1) / block;
        float[] scales = new float[blockRows * blockCols];
        byte[] codes = new byte[w.length];
        for (int br = 0; br < blockRows; br++) {
            for (int bc = 0; bc < blockCols; bc++) {
                int r1 = Math.min(rows, (br + 1) * block);
                int c1 = Math.min(cols, (bc + 1) * block);
                float amax = 0;
                for (int r = br * block; r < r1; r++) {
                    for (int col = bc * block; col < c1; col++) {
                        amax = Math.max(amax, Math.abs(w[r * cols + col]));
                    }
                }
                float scale = amax == 0 ? 1f : amax / E4M3_MAX;
                scales[br * blockCols + bc] = scale;
                for (int r = br * block; r < r1; r++) {
                    for (int col = bc * block; col < c1; col++) {
                        codes[r * cols + col] = e4m3(w[r * cols + col] / scale);
                    }
                }
            }
        }
        return new Fp8(codes, scales, new long[]{blockRows, blockCols});
    }

    /** The E4M3 code nearest to {@code x} (ties to the even code), saturating at ±448. */
    static byte e4m3(float x) {
        float a = Math.abs(x);
        int best = 0;
        for (int code = 1; code < E4M3_VALUES.length; code++) {
            float d = Math.abs(E4M3_VALUES[code] - a);
            float bestD = Math.abs(E4M3_VALUES[best] - a);
            if (d < bestD || d == bestD && (code & 1) == 0) {
                best = code;
            }
        }
        return (byte) (x < 0 ? best | 0x80 : best);
    }

    /** bfloat16 bits of {@code x}: the upper half of its float32 bits, rounded to nearest, ties to even. */
    static short bf16(float x) {
        if (Float.isNaN(x)) {
            return (short) 0x7fc0;
        }
        int bits = Float.floatToRawIntBits(x);
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    private static byte[] bf16Bytes(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putShort(bf16(v));
        }
        return b.array();
    }

    /** The decoder layer a tensor belongs to; -1 for the embedding, final norm and head. */
    private static int layerOf(String name) {
        String prefix = "model.layers.";
        if (!name.startsWith(prefix)) {
            return -1;
        }
        return Integer.parseInt(name.substring(prefix.length(), name.indexOf('.', prefix.length())));
    }

    private static void copy(SafeTensorsFile from, TensorInfo t, SafeTensorsWriter to) {
        switch (t.dtype()) {
            case F32 -> to.put(t.name(), from.readFloats(t.name()), t.shape());
            case I32 -> to.put(t.name(), from.readInts(t.name()), t.shape());
            default -> throw new IllegalArgumentException(from.path() + ": \"" + t.name() + "\" is " + t.dtype()
                    + "; only float32 and int32 fixtures are copied");
        }
    }

    private static ObjectNode readConfig(Path checkpoint) {
        try {
            return (ObjectNode) JSON.readTree(checkpoint.resolve("config.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeConfig(Path checkpoint, ObjectNode config) throws IOException {
        Files.writeString(checkpoint.resolve("config.json"), config.toPrettyString() + "\n");
    }
}
