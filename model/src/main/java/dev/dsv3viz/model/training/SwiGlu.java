package dev.dsv3viz.model.training;

import dev.dsv3viz.model.nn.Tensors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The gated MLP of dense layers, shared experts and (as stacks, one slice per expert) routed experts:
 * y = (silu(x · W_gate) ⊙ (x · W_up)) · W_down, with its backward pass.
 */
final class SwiGlu {
    private final Param gate;
    private final Param up;
    private final Param down;
    private INDArray input;
    private INDArray gated;
    private INDArray upped;
    private INDArray hidden;

    SwiGlu(Param gate, Param up, Param down) {
        this.gate = gate;
        this.up = up;
        this.down = down;
    }

    /** (N, in) -> (N, in), or (E, C, in) -> (E, C, in) for stacked experts. */
    INDArray forward(INDArray x) {
        input = x;
        gated = gate.forward(x); // (.., width)
        upped = up.forward(x); // (.., width)
        hidden = Tensors.silu(gated).muli(upped); // (.., width)
        return down.forward(hidden);
    }

    /** silu'(a) = σ(a) · (1 + a · (1 − σ(a))). */
    INDArray backward(INDArray dy) {
        INDArray dHidden = down.backward(hidden, dy); // (.., width)
        INDArray sigma = Transforms.sigmoid(gated, true);
        INDArray dUp = dHidden.mul(Tensors.silu(gated));
        INDArray slope = sigma.rsub(1.0).muli(gated).addi(1.0).muli(sigma);
        INDArray dGate = dHidden.muli(upped).muli(slope);
        INDArray dx = gate.backward(input, dGate);
        return dx.addi(up.backward(input, dUp));
    }
}
