package dev.dsv3viz.model.trace;

import java.util.Arrays;

/**
 * An immutable float32 tensor copied out of the engine for the trace: a shape and row-major values.
 * Views read it through {@link #get}, {@link #row} and {@link #values()}, which never expose the
 * internal array.
 */
public final class FloatTensor {
    private final int[] shape;
    private final float[] data;

    private FloatTensor(int[] shape, float[] data) {
        this.shape = shape;
        this.data = data;
    }

    /** Copies {@code data}, which must hold exactly the product of {@code shape} values. */
    public static FloatTensor of(float[] data, int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(data.length + " values do not fill shape " + Arrays.toString(shape));
        }
        return new FloatTensor(shape.clone(), data.clone());
    }

    public int[] shape() {
        return shape.clone();
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int size() {
        return data.length;
    }

    /** The value at a full index, e.g. {@code get(t, head, j)}. */
    public float get(int... index) {
        return data[offset(index)];
    }

    /** The innermost row at a leading index, e.g. {@code row(t)} of a (T, hidden) tensor. */
    public float[] row(int... leading) {
        if (leading.length != shape.length - 1) {
            throw new IllegalArgumentException("row needs " + (shape.length - 1) + " indices");
        }
        int width = shape[shape.length - 1];
        int[] full = Arrays.copyOf(leading, shape.length);
        int start = offset(full);
        return Arrays.copyOfRange(data, start, start + width);
    }

    /** All values in row-major order (a copy). */
    public float[] values() {
        return data.clone();
    }

    private int offset(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " for shape " + Arrays.toString(shape));
        }
        int off = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " for shape " + Arrays.toString(shape));
            }
            off = off * shape[i] + index[i];
        }
        return off;
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
