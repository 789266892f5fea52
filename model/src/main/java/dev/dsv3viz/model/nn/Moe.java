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
 * every token passes through. The routed experts run as ONE wide gated MLP: every expert's gate and up
 * weights side by side, (hidden, E * width), and the down weights stacked, (E * width, hidden); the
 * activations are multiplied by a mask holding each chosen expert's gate weight and zero elsewhere.
 * That is exactly the sparse sum, in three matrix products instead of E small ones.
 */
public final class Moe implements FeedForward {
    private final Gate gate;
    private final int experts;
    private final int width;
    private final int hidden;
    /** [gate_0 .. gate_{E-1} | up_0 .. up_{E-1}], (hidden, 2 * E * width). */
    private final INDArray wideGateUp;
    /** [down_0; ..; down_{E-1}], (E * width, hidden). */
    private final INDArray wideDown;
    private final Mlp shared;
    /** wideDown as Java floats, made on the first traced pass to give each chosen expert's own output. */
    private float[] downForTrace;

    public Moe(ModelConfig c, MoeWeights w) {
        this.gate = new Gate(c, w.router(), w.bias());
        this.experts = w.experts().size();
        this.width = c.moeIntermediateSize();
        this.hidden = c.hiddenSize();
        List<INDArray> gates = new ArrayList<>();
        List<INDArray> ups = new ArrayList<>();
        List<INDArray> downs = new ArrayList<>();
        for (MlpWeights e : w.experts()) {
            gates.add(e.gate());
            ups.add(e.up());
            downs.add(e.down());
        }
        List<INDArray> gateUp = new ArrayList<>(gates);
        gateUp.addAll(ups);
        this.wideGateUp = Nd4j.concat(1, gateUp.toArray(INDArray[]::new)); // (hidden, 2 * E * width)
        this.wideDown = Nd4j.concat(0, downs.toArray(INDArray[]::new)); // (E * width, hidden)
        this.shared = w.shared() == null ? null : new Mlp(w.shared());
    }

    @Override
    public INDArray forward(INDArray normed, int layer, int start, Recorder rec) {
        int t = normed.rows();
        int ew = experts * width;
        Routing routing = gate.route(normed);
        INDArray gu = Tensors.mm(normed, wideGateUp); // (T, hidden) x (hidden, 2*E*width) = (T, 2*E*width)
        INDArray act = Tensors.silu(gu.get(NDArrayIndex.all(), NDArrayIndex.interval(0, ew)))
                .muli(gu.get(NDArrayIndex.all(), NDArrayIndex.interval(ew, 2 * ew))); // (T, E*width)
        float[] unweighted = rec.isOn() ? Tensors.floats(act) : null;
        act.muli(gateMask(routing, t)); // (T, E*width): zero outside the chosen experts
        INDArray out = Tensors.mm(act, wideDown); // (T, E*width) x (E*width, hidden) = (T, hidden)
        INDArray sharedOut = shared == null ? null : shared.apply(normed); // (T, hidden)
        if (sharedOut != null) {
            out.addi(sharedOut);
        }
        if (rec.isOn()) {
            record(rec, layer, start, normed, routing, unweighted, sharedOut, out);
        }
        return out;
    }

    /** (T, E*width): expert e's columns of token t hold its gate weight if e was chosen for t. */
    private INDArray gateMask(Routing routing, int t) {
        int ew = experts * width;
        float[] mask = new float[t * ew];
        for (int i = 0; i < t; i++) {
            int[] chosen = routing.experts()[i];
            float[] w = routing.weights()[i];
            for (int k = 0; k < chosen.length; k++) {
                int from = i * ew + chosen[k] * width;
                java.util.Arrays.fill(mask, from, from + width, w[k]);
            }
        }
        return Tensors.matrix(mask, t, ew);
    }

    private void record(Recorder rec, int layer, int start, INDArray normed, Routing r, float[] unweighted,
                        INDArray sharedOut, INDArray out) {
        int t = r.tokens();
        int k = r.experts()[0].length;
        int e = experts;
        if (downForTrace == null) {
            downForTrace = Tensors.floats(wideDown);
        }
        float[] own = new float[t * k * hidden]; // (T, k, hidden)
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < k; j++) {
                int expert = r.experts()[i][j];
                int dst = (i * k + j) * hidden;
                for (int u = 0; u < width; u++) {
                    float a = unweighted[i * e * width + expert * width + u];
                    int row = (expert * width + u) * hidden;
                    for (int h = 0; h < hidden; h++) {
                        own[dst + h] += a * downForTrace[row + h];
                    }
                }
            }
        }
        int groups = r.groupScores()[0].length;
        rec.add(new RouterStep(layer, start, Tensors.trace(normed), rows(r.affinities(), e),
                FloatTensor.of(gate.bias(), e), rows(r.choiceScores(), e), rows(r.groupScores(), groups),
                r.keptGroups(), r.experts(), rows(r.weights(), k)));
        rec.add(new ExpertsStep(layer, start, r.experts(), rows(r.weights(), k), FloatTensor.of(own, t, k, hidden),
                sharedOut == null ? null : Tensors.trace(sharedOut), Tensors.trace(out)));
    }

    private static FloatTensor rows(float[][] rows, int width) {
        float[] flat = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return FloatTensor.of(flat, rows.length, width);
    }
}
