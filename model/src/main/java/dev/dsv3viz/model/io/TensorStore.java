package dev.dsv3viz.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dsv3viz.model.ModelException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tensors of a checkpoint folder, whether in one {@code model.safetensors} or sharded behind
 * {@code model.safetensors.index.json}. FP8 E4M3 weights are dequantised with their
 * {@code weight_scale_inv} (one float32 scale per 128x128 block, as the released DeepSeek-V3 stores them),
 * and the scale tensors are hidden from {@link #names()}: callers see plain float32 weights.
 */
public final class TensorStore implements TensorSource {
    static final String INDEX_FILE = "model.safetensors.index.json";
    static final String SINGLE_FILE = "model.safetensors";
    private static final String SCALE_SUFFIX = "_scale_inv";
    /** FP8 block size of DeepSeek-V3's weight quantisation. */
    static final int FP8_BLOCK = 128;

    private final Map<String, SafeTensorsFile> fileOf;

    private TensorStore(Map<String, SafeTensorsFile> fileOf) {
        this.fileOf = fileOf;
    }

    public static TensorStore open(Path dir) {
        Path index = dir.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            return openSharded(dir, index);
        }
        Path single = dir.resolve(SINGLE_FILE);
        if (!Files.isRegularFile(single)) {
            throw new ModelException(dir + ": no " + SINGLE_FILE + " or " + INDEX_FILE
                    + " here; is this a Hugging Face checkpoint folder?");
        }
        SafeTensorsFile file = SafeTensorsFile.open(single);
        Map<String, SafeTensorsFile> fileOf = new LinkedHashMap<>();
        file.tensors().keySet().forEach(name -> fileOf.put(name, file));
        return new TensorStore(fileOf);
    }

    private static TensorStore openSharded(Path dir, Path index) {
        JsonNode map;
        try {
            map = new ObjectMapper().readTree(index.toFile()).get("weight_map");
        } catch (IOException e) {
            throw new ModelException(index + ": cannot be read as JSON (" + e.getMessage() + ").", e);
        }
        if (map == null || !map.isObject()) {
            throw new ModelException(index + ": has no \"weight_map\" object.");
        }
        Map<String, SafeTensorsFile> opened = new HashMap<>();
        Map<String, SafeTensorsFile> fileOf = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String shard = e.getValue().asText("");
            Path shardPath = dir.resolve(shard).normalize();
            if (shard.isEmpty() || !shardPath.getParent().equals(dir.normalize())) {
                throw new ModelException(index + ": tensor \"" + e.getKey() + "\" points to \"" + shard
                        + "\", which is not a file in the checkpoint folder.");
            }
            if (!opened.containsKey(shard) && !Files.isRegularFile(shardPath)) {
                throw new ModelException(index + ": tensor \"" + e.getKey() + "\" is said to be in \"" + shard
                        + "\", but that file does not exist (" + shardPath + ").");
            }
            SafeTensorsFile file = opened.computeIfAbsent(shard, s -> SafeTensorsFile.open(shardPath));
            if (!file.tensors().containsKey(e.getKey())) {
                throw new ModelException(index + ": says \"" + e.getKey() + "\" is in " + shard + ", but it is not.");
            }
            fileOf.put(e.getKey(), file);
        }
        return new TensorStore(fileOf);
    }

    /** Names of the weights, scale tensors of FP8 weights excluded. */
    @Override
    public Set<String> names() {
        Map<String, SafeTensorsFile> visible = new LinkedHashMap<>(fileOf);
        visible.keySet().removeIf(this::isScaleOfFp8Weight);
        return Collections.unmodifiableSet(visible.keySet());
    }

    private boolean isScaleOfFp8Weight(String name) {
        if (!name.endsWith(SCALE_SUFFIX)) {
            return false;
        }
        TensorInfo weight = infoOrNull(name.substring(0, name.length() - SCALE_SUFFIX.length()));
        return weight != null && weight.dtype() == DType.F8_E4M3;
    }

    @Override
    public long[] shape(String name) {
        return info(name).shape();
    }

    public DType dtype(String name) {
        return info(name).dtype();
    }

    /** Where a tensor is stored, for error messages. */
    public Path fileOf(String name) {
        return file(name).path();
    }

    /** The tensor as float32 in row-major order; FP8 weights come back multiplied by their block scales. */
    @Override
    public float[] floats(String name) {
        TensorInfo info = info(name);
        float[] values = file(name).readFloats(name);
        if (info.dtype() == DType.F8_E4M3) {
            dequantise(name, info, values);
        }
        return values;
    }

    private void dequantise(String name, TensorInfo info, float[] values) {
        String scaleName = name + SCALE_SUFFIX;
        TensorInfo scaleInfo = infoOrNull(scaleName);
        long[] shape = info.shape();
        if (scaleInfo == null || shape.length != 2) {
            throw new ModelException(file(name).path() + ": FP8 tensor \"" + name
                    + "\" needs a 2-D shape and a \"" + scaleName + "\" block-scale tensor beside it.");
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        int blockRows = (rows + FP8_BLOCK - 1) / FP8_BLOCK;
        int blockCols = (cols + FP8_BLOCK - 1) / FP8_BLOCK;
        long[] scaleShape = scaleInfo.shape();
        if (scaleShape.length != 2 || scaleShape[0] != blockRows || scaleShape[1] != blockCols) {
            throw new ModelException(file(scaleName).path() + ": \"" + scaleName + "\" has shape "
                    + scaleInfo.shapeText() + "; a " + rows + "x" + cols + " FP8 weight needs [" + blockRows + ", "
                    + blockCols + "] block scales.");
        }
        float[] scales = file(scaleName).readFloats(scaleName);
        for (int r = 0; r < rows; r++) {
            int scaleRow = (r / FP8_BLOCK) * blockCols;
            for (int c = 0; c < cols; c++) {
                values[r * cols + c] *= scales[scaleRow + c / FP8_BLOCK];
            }
        }
    }

    public int[] ints(String name) {
        return file(name).readInts(name);
    }

    private TensorInfo info(String name) {
        return file(name).info(name);
    }

    private TensorInfo infoOrNull(String name) {
        SafeTensorsFile f = fileOf.get(name);
        return f == null ? null : f.info(name);
    }

    private SafeTensorsFile file(String name) {
        SafeTensorsFile f = fileOf.get(name);
        if (f == null) {
            throw new ModelException("The checkpoint has no tensor named \"" + name + "\".");
        }
        return f;
    }
}
