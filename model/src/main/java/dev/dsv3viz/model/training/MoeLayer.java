package dev.dsv3viz.model.training;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.config.ScoringFunction;
import dev.dsv3viz.model.nn.Gate;
import dev.dsv3viz.model.nn.Routing;
import dev.dsv3viz.model.nn.Tensors;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * A DeepSeekMoE layer for training, with its backward pass. The router is the engine's {@link Gate} (the
 * config's scoring function, group limit, bias, normalisation and scaling), deciding from the very
 * affinities that are differentiated. Only the chosen experts compute: each expert's tokens are gathered
 * into its slice of an (E, C, hidden) stack, C being the busiest expert's count (idle slots carry gate
 * weight 0), all experts run as batched products, and each token sums its k outputs back.
 *
 * <p>The sequence-wise balance loss α · mean_b Σ_i f_i · P_i (f_i: expert i's share of window b's choices
 * times E / k, P_i: its mean normalised affinity over the window) is computed here too, and its gradient
 * joins the router's.
 */
final class MoeLayer {
    private final ModelConfig config;
    private final int experts;
    private final int topK;
    private final int batch;
    private final int length;
    private final double balanceAlpha;
    private final Param router;
    private final SwiGlu routed;
    private final SwiGlu shared;
    private float[] bias;

    private INDArray input;
    private Routing routing;
    private int capacity;
    private int[] slotToken;
    private int[] tokenSlot;
    private float[] slotWeight;
    private INDArray expertOut;
    private int[] load;
    private double balanceLoss;

    MoeLayer(ModelConfig c, Param router, float[] bias, SwiGlu routed, SwiGlu shared, int batch, int length,
             double balanceAlpha) {
        this.config = c;
        this.experts = c.nRoutedExperts();
        this.topK = c.numExpertsPerTok();
        this.router = router;
        this.bias = bias.clone();
        this.routed = routed;
        this.shared = shared;
        this.batch = batch;
        this.length = length;
        this.balanceAlpha = balanceAlpha;
    }

    /** (N, hidden) normed input -> (N, hidden). */
    INDArray forward(INDArray xn) {
        input = xn;
        int n = batch * length;
        int hidden = (int) xn.columns();
        routing = new Gate(config, bias).route(Tensors.floats(router.forward(xn)), n, experts); // logits (N, E)
        assignSlots(n);
        INDArray gathered = Tensors.gather(xn, slotToken).reshape(experts, capacity, hidden); // (E, C, hidden)
        expertOut = routed.forward(gathered).reshape((long) experts * capacity, hidden); // (E*C, hidden)
        INDArray weighted = expertOut.mulColumnVector(Tensors.array(slotWeight, (long) experts * capacity, 1));
        INDArray out = Tensors.gather(weighted, tokenSlot).reshape(n, topK, hidden).sum(1); // (N, k, hidden) -> (N, hidden)
        if (shared != null) {
            out.addi(shared.forward(xn));
        }
        balanceLoss = balance(null);
        return out;
    }

    /** dy (N, hidden) -> d input (N, hidden). */
    INDArray backward(INDArray dy) {
        int n = batch * length;
        int hidden = (int) dy.columns();
        INDArray dWeighted = Tensors.gather(dy, slotToken); // (E*C, hidden): each slot's token's gradient
        float[] dSlotWeight = Tensors.floats(dWeighted.mul(expertOut).sum(1)); // (E*C)
        INDArray dExpertOut = dWeighted.muliColumnVector(Tensors.array(slotWeight, (long) experts * capacity, 1))
                .reshape(experts, capacity, hidden);
        INDArray dGathered = routed.backward(dExpertOut).reshape((long) experts * capacity, hidden); // (E*C, hidden)
        INDArray dx = Tensors.gather(dGathered, tokenSlot).reshape(n, topK, hidden).sum(1); // (N, hidden)
        if (shared != null) {
            dx.addi(shared.backward(dy));
        }
        INDArray dLogits = Tensors.array(routerGradient(dSlotWeight), n, experts);
        return dx.addi(router.backward(input, dLogits));
    }

    /** Slots of the (E, C) stack: which token each holds, with what gate weight; and each choice's slot. */
    private void assignSlots(int n) {
        int[][] chosen = routing.experts();
        load = new int[experts];
        for (int[] row : chosen) {
            for (int e : row) {
                load[e]++;
            }
        }
        capacity = 1;
        for (int count : load) {
            capacity = Math.max(capacity, count);
        }
        slotToken = new int[experts * capacity];
        slotWeight = new float[experts * capacity];
        tokenSlot = new int[n * topK];
        int[] filled = new int[experts];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < topK; j++) {
                int e = chosen[i][j];
                int slot = e * capacity + filled[e]++;
                slotToken[slot] = i;
                slotWeight[slot] = routing.weights()[i][j];
                tokenSlot[i * topK + j] = slot;
            }
        }
    }

    /**
     * d loss / d router logits, (N*E): through the gate weights w_j = scale · s_j / Σ_chosen s (or scale · s_j
     * without normalisation) of the chosen experts, plus the balance loss's gradient on every affinity;
     * then through the scoring function.
     */
    private float[] routerGradient(float[] dSlotWeight) {
        int n = routing.tokens();
        float[][] s = routing.affinities();
        double scaling = config.routedScalingFactor();
        double[] dAffinity = new double[n * experts];
        balance(dAffinity);
        for (int i = 0; i < n; i++) {
            int[] chosen = routing.experts()[i];
            double sum = 0;
            double weighted = 0;
            for (int j = 0; j < topK; j++) {
                sum += s[i][chosen[j]];
                weighted += dSlotWeight[tokenSlot[i * topK + j]] * s[i][chosen[j]];
            }
            for (int j = 0; j < topK; j++) {
                double dw = dSlotWeight[tokenSlot[i * topK + j]];
                dAffinity[i * experts + chosen[j]] += config.normTopkProb()
                        ? scaling * (dw - weighted / (sum + 1e-20)) / (sum + 1e-20)
                        : scaling * dw;
            }
        }
        float[] dLogits = new float[n * experts];
        for (int i = 0; i < n; i++) {
            float[] si = s[i];
            if (config.scoringFunction() == ScoringFunction.SIGMOID) {
                for (int e = 0; e < experts; e++) {
                    dLogits[i * experts + e] = (float) (dAffinity[i * experts + e] * si[e] * (1 - si[e]));
                }
            } else {
                double dot = 0;
                for (int e = 0; e < experts; e++) {
                    dot += dAffinity[i * experts + e] * si[e];
                }
                for (int e = 0; e < experts; e++) {
                    dLogits[i * experts + e] = (float) (si[e] * (dAffinity[i * experts + e] - dot));
                }
            }
        }
        return dLogits;
    }

    /**
     * The balance loss of the current routing; when {@code dAffinity} is given, also adds its gradient with
     * respect to each affinity: d/ds_i of P through s' = s / Σ s is (g_i − Σ_j g_j s'_j) / Σ s, g = dL/ds'.
     */
    private double balance(double[] dAffinity) {
        float[][] s = routing.affinities();
        int[][] chosen = routing.experts();
        double loss = 0;
        double[] share = new double[experts];
        double[] meanAffinity = new double[experts];
        for (int b = 0; b < batch; b++) {
            Arrays.fill(share, 0);
            Arrays.fill(meanAffinity, 0);
            for (int t = 0; t < length; t++) {
                int i = b * length + t;
                double sum = 0;
                for (float v : s[i]) {
                    sum += v;
                }
                for (int e = 0; e < experts; e++) {
                    meanAffinity[e] += s[i][e] / sum / length;
                }
                for (int e : chosen[i]) {
                    share[e] += (double) experts / ((double) topK * length);
                }
            }
            for (int e = 0; e < experts; e++) {
                loss += share[e] * meanAffinity[e];
            }
            if (dAffinity != null) {
                for (int t = 0; t < length; t++) {
                    int i = b * length + t;
                    double sum = 0;
                    for (float v : s[i]) {
                        sum += v;
                    }
                    double dot = 0;
                    for (int e = 0; e < experts; e++) {
                        dot += share[e] * s[i][e] / sum;
                    }
                    double g = balanceAlpha / batch / length;
                    for (int e = 0; e < experts; e++) {
                        dAffinity[i * experts + e] += g * (share[e] - dot) / sum;
                    }
                }
            }
        }
        return balanceAlpha * loss / batch;
    }

    /** Tokens each expert received in the last forward pass, (E). */
    int[] load() {
        return load.clone();
    }

    /** The experts chosen for each token in the last forward pass, (N, k). */
    int[][] chosen() {
        return routing.experts();
    }

    double balanceLoss() {
        return balanceLoss;
    }

    float[] bias() {
        return bias.clone();
    }

    /** DeepSeek-V3's auxiliary-loss-free update: γ down for an expert above the mean load, up below it. */
    void updateBias(double gamma) {
        double mean = (double) batch * length * topK / experts;
        for (int e = 0; e < experts; e++) {
            bias[e] += (float) (load[e] > mean ? -gamma : load[e] < mean ? gamma : 0);
        }
    }
}
