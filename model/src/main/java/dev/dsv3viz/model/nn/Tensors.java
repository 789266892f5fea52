package dev.dsv3viz.model.nn;

import dev.dsv3viz.model.trace.FloatTensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Swish;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The few ND4J idioms the layers share. Matrix products go through {@link Nd4j#gemm} into a fresh
 * output: on small matrices it is several times faster than {@code INDArray.mmul}, and with ND4J's
 * per-call overhead in the tens of microseconds, call count decides speed at these sizes.
 */
public final class Tensors {
    static {
        Nd4jRuntime.configure();
    }

    private Tensors() {
    }

    /** a · b for 2-D a (m, k) and b (k, n): (m, n). */
    public static INDArray mm(INDArray a, INDArray b) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, a.rows(), b.columns());
        Nd4j.gemm(contiguous(a), contiguous(b), out, false, false, 1.0, 0.0);
        return out;
    }

    /** acc += a · b, in place, for 2-D a (m, k), b (k, n) and a row-major acc (m, n); returns acc. */
    public static INDArray mmAdd(INDArray a, INDArray b, INDArray acc) {
        Nd4j.gemm(contiguous(a), contiguous(b), acc, false, false, 1.0, 1.0);
        return acc;
    }

    /** a · bᵀ for 2-D a (m, k) and b (n, k): (m, n). */
    public static INDArray mmT(INDArray a, INDArray b) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, a.rows(), b.rows());
        Nd4j.gemm(contiguous(a), contiguous(b), out, false, true, 1.0, 0.0);
        return out;
    }

    /** silu(x) = x * sigmoid(x), into a fresh array. */
    public static INDArray silu(INDArray x) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        Nd4j.exec(new Swish(x, out));
        return out;
    }

    /**
     * Rows {@code rows} of {@code x} along its first axis, in that order (repeats allowed). A matrix's rows
     * are pulled by {@code pullRows}, measured 3x faster than the general gather op.
     */
    public static INDArray gather(INDArray x, int[] rows) {
        if (x.rank() == 2) {
            return Nd4j.pullRows(x, 1, rows);
        }
        return Nd4j.exec(new Gather(x, rows, 0))[0];
    }

    /**
     * {@code a} itself when its elements lie in plain row-major order (a prefix of rows of a larger
     * buffer qualifies), else a row-major copy: BLAS reads either as an ordinary matrix.
     */
    public static INDArray contiguous(INDArray a) {
        return isRowMajor(a) ? a : a.dup('c');
    }

    /** Whether each axis steps over the whole of the axes after it (axes of length 1 may step anyhow). */
    private static boolean isRowMajor(INDArray a) {
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** (A, B, C) -> (B, A, C) in row-major order; a free reshape when A or B is 1 (one token, one head). */
    public static INDArray swapLeadingAxes(INDArray x) {
        long[] s = x.shape();
        if (s[0] == 1 || s[1] == 1) {
            return contiguous(x).reshape(s[1], s[0], s[2]);
        }
        return x.permute(1, 0, 2).dup('c');
    }

    /**
     * A new 'c'-ordered array holding {@code values}. Copies in bulk through the native buffer:
     * {@code Nd4j.create(float[])} copies element by element, which shows at trace sizes.
     */
    public static INDArray array(float[] values, long... shape) {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape);
        nativeFloats(a).put(values);
        return a;
    }

    /** A row-major float copy of any array, copied in bulk. */
    public static float[] floats(INDArray a) {
        INDArray c = a.isView() || a.ordering() != 'c' || a.data().length() != a.length() ? a.dup('c') : a;
        float[] out = new float[(int) c.length()];
        nativeFloats(c).get(out);
        return out;
    }

    private static FloatBuffer nativeFloats(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** An immutable trace copy of {@code a}, reshaped to {@code shape}. */
    public static FloatTensor trace(INDArray a, int... shape) {
        return FloatTensor.of(floats(a), shape);
    }

    /** An immutable trace copy of {@code a} in its own shape. */
    public static FloatTensor trace(INDArray a) {
        long[] s = a.shape();
        int[] shape = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = Math.toIntExact(s[i]);
        }
        return FloatTensor.of(floats(a), shape);
    }
}
