package dev.dsv3viz.model.training;

import dev.dsv3viz.model.nn.Tensors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The routed experts of one MoE layer, computing only what was chosen, with the backward pass. The
 * rows (one per token and choice) arrive grouped by expert: expert e owns rows [offset[e], offset[e+1]),
 * so each product is one matrix product per expert over its own rows, read and written in place, with no
 * padding. Gate and up projections are one (E, hidden, 2*width) stack, so that they are one product.
 */
final class ExpertStack {
    private final Param gateUp;
    private final Param down;
    private final int width;
    private int[] offset;
    private INDArray input;
    private INDArray gateUpOut;
    private INDArray hidden;

    /** @param gateUp [gate | up] per expert, (E, hidden, 2*width); @param down (E, width, hidden) */
    ExpertStack(Param gateUp, Param down) {
        this.gateUp = gateUp;
        this.down = down;
        this.width = (int) down.value.size(1);
    }

    /**
     * @param rows   (R, hidden) the chosen tokens' inputs, grouped by expert
     * @param offset (E + 1) where each expert's rows start; the last entry is R
     * @return (R, hidden) each row's expert output
     */
    INDArray forward(INDArray rows, int[] offset) {
        this.offset = offset;
        this.input = rows;
        gateUpOut = perExpert(rows, gateUp.value, false, 2 * width); // (R, 2*width)
        INDArray gated = gateUpOut.get(NDArrayIndex.all(), NDArrayIndex.interval(0, width));
        INDArray upped = gateUpOut.get(NDArrayIndex.all(), NDArrayIndex.interval(width, 2 * width));
        hidden = Tensors.silu(gated).muli(upped); // (R, width)
        return perExpert(hidden, down.value, false, (int) down.value.size(2));
    }

    /** dy (R, hidden) -> d rows (R, hidden); adds the experts' weight gradients. */
    INDArray backward(INDArray dy) {
        INDArray dHidden = perExpert(dy, down.value, true, width); // (R, width)
        accumulate(hidden, dy, down.grad);
        INDArray gated = gateUpOut.get(NDArrayIndex.all(), NDArrayIndex.interval(0, width)).dup('c');
        INDArray upped = gateUpOut.get(NDArrayIndex.all(), NDArrayIndex.interval(width, 2 * width));
        INDArray sigma = Transforms.sigmoid(gated, true);
        INDArray dUp = dHidden.mul(Tensors.silu(gated)); // silu'(a) = σ(a) · (1 + a · (1 − σ(a)))
        INDArray dGate = dHidden.muli(upped).muli(sigma.rsub(1.0).muli(gated).addi(1.0).muli(sigma));
        INDArray dGateUp = Nd4j.concat(1, dGate, dUp); // (R, 2*width)
        accumulate(input, dGateUp, gateUp.grad);
        return perExpert(dGateUp, gateUp.value, true, (int) input.columns());
    }

    /** Row block e of x times W[e] (or W[e]ᵀ), for every expert with rows: (R, in) -> (R, out). */
    private INDArray perExpert(INDArray x, INDArray stack, boolean transposed, int out) {
        INDArray y = Nd4j.createUninitialized(DataType.FLOAT, x.rows(), out);
        INDArray xc = Tensors.contiguous(x);
        for (int e = 0; e + 1 < offset.length; e++) {
            if (offset[e + 1] > offset[e]) {
                Nd4j.gemm(rowsOf(xc, e), slice(stack, e), rowsOf(y, e), false, transposed, 1.0, 0.0);
            }
        }
        return y;
    }

    /** grad[e] += x[rows of e]ᵀ · dy[rows of e]. */
    private void accumulate(INDArray x, INDArray dy, INDArray grad) {
        INDArray xc = Tensors.contiguous(x);
        INDArray dc = Tensors.contiguous(dy);
        for (int e = 0; e + 1 < offset.length; e++) {
            if (offset[e + 1] > offset[e]) {
                Nd4j.gemm(rowsOf(xc, e), rowsOf(dc, e), slice(grad, e), true, false, 1.0, 1.0);
            }
        }
    }

    private INDArray rowsOf(INDArray x, int e) {
        return x.get(NDArrayIndex.interval(offset[e], offset[e + 1]), NDArrayIndex.all());
    }

    private static INDArray slice(INDArray stack, int e) {
        return stack.get(NDArrayIndex.point(e), NDArrayIndex.all(), NDArrayIndex.all());
    }
}
