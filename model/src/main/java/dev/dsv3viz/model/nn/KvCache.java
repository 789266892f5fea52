package dev.dsv3viz.model.nn;

import dev.dsv3viz.model.ModelException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * MLA's key/value cache: per layer and per token only the normalised latent c_KV and the rotated shared
 * rope key, side by side in one row of {@code kv_lora_rank + qk_rope_head_dim} values (576 in
 * DeepSeek-V3) instead of full per-head keys and values. Run state, apart from the immutable weights;
 * one per sequence, used from one thread.
 */
public final class KvCache implements AutoCloseable {
    private final int width;
    private final int maxPositions;
    private final INDArray[] rows;
    private int length;
    private boolean closed;

    /**
     * @param layers       decoder layers that attend (main layers plus MTP modules)
     * @param width        kv_lora_rank + qk_rope_head_dim
     * @param maxPositions the model's context length; the cache never grows past it
     */
    public KvCache(int layers, int width, int maxPositions) {
        this.width = width;
        this.maxPositions = maxPositions;
        this.rows = new INDArray[layers];
    }

    /** Tokens cached so far: the position of the next token. */
    public int length() {
        return length;
    }

    /**
     * Writes the latent rows of {@code count} new tokens for one layer at positions
     * [length, length + count) and returns a view of all rows cached for that layer, (length + count, width).
     */
    INDArray append(int layer, INDArray latentRows, int count) {
        if (closed) {
            throw new IllegalStateException("the cache was closed");
        }
        int end = length + count;
        if (end > maxPositions) {
            throw new ModelException("The sequence would reach " + end + " tokens, more than the model's context of "
                    + maxPositions + ".");
        }
        INDArray buffer = rows[layer];
        if (buffer == null || buffer.rows() < end) {
            // Grow geometrically so that decoding token by token copies the cache only log(n) times.
            int capacity = Math.min(maxPositions, Math.max(end, buffer == null ? 64 : 2 * buffer.rows()));
            INDArray grown;
            try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                grown = Nd4j.create(DataType.FLOAT, capacity, width); // outlives the forward pass's scratch memory
            }
            if (buffer != null && length > 0) {
                grown.get(NDArrayIndex.interval(0, length), NDArrayIndex.all())
                        .assign(buffer.get(NDArrayIndex.interval(0, length), NDArrayIndex.all()));
            }
            if (buffer != null) {
                buffer.close(); // copied: its native memory can go now
            }
            rows[layer] = grown;
            buffer = grown;
        }
        buffer.get(NDArrayIndex.interval(length, end), NDArrayIndex.all()).assign(latentRows); // (count, width)
        return buffer.get(NDArrayIndex.interval(0, end), NDArrayIndex.all());
    }

    /** Releases the cached rows' native memory now; the cache cannot be used afterwards. */
    @Override
    public void close() {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] != null) {
                rows[i].close();
                rows[i] = null;
            }
        }
        closed = true;
    }

    /** Marks the {@code count} tokens just appended to every layer as cached. */
    void advance(int count) {
        length += count;
    }
}
