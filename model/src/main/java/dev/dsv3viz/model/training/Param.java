package dev.dsv3viz.model.training;

import dev.dsv3viz.model.nn.Tensors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A trained tensor: its value, the gradient accumulated for it during a step, and Adam's two moments.
 * A projection is stored (in, out) so that {@code x · W} applies it, as the engine stores it; a stack of
 * projections (one per routed expert) is (E, in, out) and applies batch by batch. All four arrays live
 * outside any workspace: they outlast every step.
 */
final class Param {
    final String name;
    final INDArray value;
    final INDArray grad;
    final INDArray firstMoment;
    final INDArray secondMoment;

    Param(String name, INDArray initial) {
        this.name = name;
        try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.value = initial.dup('c');
            this.grad = Nd4j.zeros(DataType.FLOAT, initial.shape());
            this.firstMoment = Nd4j.zeros(DataType.FLOAT, initial.shape());
            this.secondMoment = Nd4j.zeros(DataType.FLOAT, initial.shape());
        }
    }

    /** y = x · W: (N, in) -> (N, out), or (E, C, in) -> (E, C, out) for a stack. */
    INDArray forward(INDArray x) {
        return value.rank() == 3 ? Nd4j.matmul(x, value) : Tensors.mm(x, value);
    }

    /** For y = x · W: adds xᵀ · dy to W's gradient and returns dx = dy · Wᵀ. */
    INDArray backward(INDArray x, INDArray dy) {
        if (value.rank() == 3) {
            grad.addi(Nd4j.matmul(x, dy, true, false, false)); // (E, in, C) x (E, C, out)
            return Nd4j.matmul(dy, value, false, true, false); // (E, C, out) x (E, out, in)
        }
        Nd4j.gemm(Tensors.contiguous(x), Tensors.contiguous(dy), grad, true, false, 1.0, 1.0); // (in, N) x (N, out)
        return Tensors.mmT(dy, value); // (N, out) x (out, in)
    }

    /** For y = W[rows] (an embedding lookup): adds each row of dy to the gradient of the row it was read from. */
    void backwardRows(int[] rows, INDArray dy) {
        int width = (int) value.columns();
        float[] d = Tensors.floats(dy); // (N, width)
        FloatBuffer g = grad.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = 0; i < rows.length; i++) {
            int base = rows[i] * width;
            for (int j = 0; j < width; j++) {
                g.put(base + j, g.get(base + j) + d[i * width + j]);
            }
        }
    }

    long size() {
        return value.length();
    }
}
