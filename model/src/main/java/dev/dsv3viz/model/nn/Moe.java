package dev.dsv3viz.model.nn;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.trace.ExpertsStep;
import dev.dsv3viz.model.trace.FloatTensor;
import dev.dsv3viz.model.trace.Recorder;
import dev.dsv3viz.model.trace.RouterStep;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * DeepSeekMoE: fine-grained routed experts, k chosen per token by the {@link Gate}, plus shared experts
 * every token passes through. The routed experts run batched: the tokens routed to each active expert are
 * gathered into one padded block per expert, two batched products apply every active expert to its own
 * block at once, and each token's k results are gathered back, weighted and summed. Only the chosen
 * (token, expert) pairs are computed, in about ten array operations whatever the number of experts.
 */
public final class Moe implements FeedForward {
    private final Gate gate;
    private final int experts;
    private final int width;
    private final int hidden;
    /** Every expert's [gate | up], (E, hidden, 2 * width). */
    private final INDArray gateUp;
    /** Every expert's down projection, (E, width, hidden). */
    private final INDArray down;
    /** Width of the shared experts taken together; 0 when there are none. */
    private final int sharedWidth;
    /** [router | shared gate | shared up], (hidden, E + 2 * sharedWidth): all read the same normed input. */
    private final INDArray front;
    /** The shared experts' down projection, (sharedWidth, hidden); null when there are none. */
    private final INDArray sharedDown;

    public Moe(ModelConfig c, MoeWeights w) {
        this.gate = new Gate(c, w.bias());
        this.experts = w.experts().size();
        this.width = c.moeIntermediateSize();
        this.hidden = c.hiddenSize();
        List<INDArray> gateUps = new ArrayList<>();
        List<INDArray> downs = new ArrayList<>();
        for (MlpWeights e : w.experts()) {
            gateUps.add(Nd4j.concat(1, e.gate(), e.up()).reshape(1, hidden, 2L * width));
            downs.add(e.down().reshape(1, width, hidden));
        }
        this.gateUp = Nd4j.concat(0, gateUps.toArray(INDArray[]::new)); // (E, hidden, 2*width)
        this.down = Nd4j.concat(0, downs.toArray(INDArray[]::new)); // (E, width, hidden)
        this.sharedWidth = w.shared() == null ? 0 : w.shared().width();
        this.front = w.shared() == null ? w.router() : Nd4j.concat(1, w.router(), w.shared().gate(), w.shared().up());
        this.sharedDown = w.shared() == null ? null : w.shared().down();
    }

    @Override
    public INDArray forward(INDArray normed, INDArray residual, int layer, int start, Recorder rec) {
        int t = normed.rows();
        INDArray frontOut = Tensors.mm(normed, front); // (T, hidden) x (hidden, E + 2*shared) = (T, E + 2*shared)
        Routing routing = gate.route(Tensors.floats(frontOut), t, (int) frontOut.columns());
        int k = routing.experts()[0].length;
        ExpertBatch batch = ExpertBatch.of(routing.experts(), experts);
        int a = batch.active().length;
        int c = batch.capacity();
        boolean all = a == experts;
        INDArray wGateUp = all ? gateUp : Tensors.gather(gateUp, batch.active()); // (A, hidden, 2*width)
        INDArray wDown = all ? down : Tensors.gather(down, batch.active()); // (A, width, hidden)

        INDArray blocks = Tensors.gather(normed, batch.slotRows()).reshape(a, c, hidden); // (A, C, hidden)
        INDArray gu = Nd4j.matmul(blocks, wGateUp); // (A, C, hidden) x (A, hidden, 2*width) = (A, C, 2*width)
        INDArray act = Tensors.silu(gu.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, width)))
                .muli(gu.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(width, 2 * width))); // (A, C, width)
        INDArray perExpert = Nd4j.matmul(act, wDown).reshape((long) a * c, hidden); // (A, C, width) x (A, width, hidden) -> (A*C, hidden)
        // Combined over the (token, expert) pairs, not the padded slots: a (T, A*C) product would be a new
        // tensor shape for nearly every prompt, and ND4J keeps a native descriptor of every shape it meets.
        // The pairs' outputs in the combination's column order: the slots themselves when each holds one
        // pair, else each token's k rows gathered from them.
        INDArray pairs = batch.slotsArePairs() ? perExpert : Tensors.gather(perExpert, batch.source()); // (T*k, hidden)
        INDArray combination = Tensors.array(batch.combination(routing.weights()), t, (long) t * k); // (T, T*k)
        INDArray sharedAct = sharedWidth == 0 ? null : Tensors.silu(
                frontOut.get(NDArrayIndex.all(), NDArrayIndex.interval(experts, experts + sharedWidth)))
                .muli(frontOut.get(NDArrayIndex.all(), NDArrayIndex.interval(experts + sharedWidth, experts + 2 * sharedWidth))); // (T, shared)
        if (rec.isOn()) {
            INDArray out = Tensors.mm(combination, pairs); // (T, T*k) x (T*k, hidden) = (T, hidden)
            INDArray sharedOut = sharedAct == null ? null : Tensors.mm(sharedAct, sharedDown); // (T, hidden)
            if (sharedOut != null) {
                out.addi(sharedOut);
            }
            INDArray own = batch.slotsArePairs() ? Tensors.gather(perExpert, batch.source()) : pairs; // (T*k, hidden): expert j's output for token i at row i*k + j
            record(rec, layer, start, normed, routing, own, sharedOut, out);
        }
        Tensors.mmAdd(combination, pairs, residual); // residual += (T, T*k) x (T*k, hidden): weighted sum per token
        return sharedAct == null ? residual : Tensors.mmAdd(sharedAct, sharedDown, residual); // += (T, shared) x (shared, hidden)
    }

    private void record(Recorder rec, int layer, int start, INDArray normed, Routing r, INDArray own,
                        INDArray sharedOut, INDArray out) {
        int t = r.tokens();
        int k = r.experts()[0].length;
        int groups = r.groupScores()[0].length;
        rec.add(new RouterStep(layer, start, Tensors.trace(normed), rows(r.affinities(), experts),
                FloatTensor.of(gate.bias(), experts), rows(r.choiceScores(), experts), rows(r.groupScores(), groups),
                r.keptGroups(), r.experts(), rows(r.weights(), k)));
        rec.add(new ExpertsStep(layer, start, r.experts(), rows(r.weights(), k), Tensors.trace(own, t, k, hidden),
                sharedOut == null ? null : Tensors.trace(sharedOut), Tensors.trace(out)));
    }

    private static float[] flatten(float[][] rows, int width) {
        float[] flat = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return flat;
    }

    private static FloatTensor rows(float[][] rows, int width) {
        return FloatTensor.of(flatten(rows, width), rows.length, width);
    }
}
