package dev.dsv3viz.model.io;

import java.util.Arrays;

/**
 * One tensor's entry in a safetensors header: its type, shape and byte range inside the data section.
 *
 * @param name  the tensor's name, e.g. {@code model.layers.0.self_attn.kv_b_proj.weight}
 * @param begin first byte, relative to the start of the data section
 * @param end   one past the last byte
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }
}
