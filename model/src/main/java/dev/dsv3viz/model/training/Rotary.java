package dev.dsv3viz.model.training;

import dev.dsv3viz.model.nn.Rope;
import dev.dsv3viz.model.nn.Tensors;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The engine's {@link Rope} applied to whole batches of windows at positions 0..T-1, with its backward
 * pass: {@code x' = x ⊙ cos + swap(x) ⊙ signedSin}, where swap exchanges the two members of each pair
 * (a fixed permutation, applied as one product). Rows are laid out (R, T * dim): any number of windows and
 * heads, each with its T positions side by side.
 */
final class Rotary {
    private final int dim;
    private final INDArray cos;
    private final INDArray signedSin;
    private final INDArray swap;

    Rotary(Rope rope, int dim, int length) {
        this.dim = dim;
        Rope.Tables t = rope.tables(length);
        float[] p = new float[dim * dim];
        for (int a = 0; a < dim; a++) {
            p[t.partner()[a] * dim + a] = 1f;
        }
        try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.cos = Tensors.array(t.cos(), 1, (long) length * dim);
            this.signedSin = Tensors.array(t.signedSin(), 1, (long) length * dim);
            this.swap = Tensors.array(p, dim, dim);
        }
    }

    /** (R, T*dim) -> (R, T*dim). */
    INDArray forward(INDArray x) {
        return swapped(x).muliRowVector(signedSin).addi(x.mulRowVector(cos));
    }

    /** The transpose of {@link #forward}: dx = dy ⊙ cos + swap(dy ⊙ signedSin); swap is its own transpose. */
    INDArray backward(INDArray dy) {
        return swapped(dy.mulRowVector(signedSin)).addi(dy.mulRowVector(cos));
    }

    private INDArray swapped(INDArray x) {
        long rows = x.rows();
        long width = x.columns();
        return Tensors.mm(Tensors.contiguous(x).reshape(rows * width / dim, dim), swap).reshape(rows, width); // (R*T, dim) x (dim, dim)
    }
}
