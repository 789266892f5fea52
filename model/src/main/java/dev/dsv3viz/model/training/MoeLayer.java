package dev.dsv3viz.model.training;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.config.ScoringFunction;
import dev.dsv3viz.model.nn.Gate;
import dev.dsv3viz.model.nn.Routing;
import dev.dsv3viz.model.nn.Tensors;
import org.nd4j.linalg.api.ndarray.INDArray;

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
    private final ExpertStack routed;
    private final SwiGlu shared;
    private float[] bias;

    private INDArray input;
    private Routing routing;
    /** Where each expert's rows start, (E + 1): rows are the (token, choice) pairs grouped by expert. */
    private int[] offset;
    private int[] rowToken;
    private float[] rowWeight;
    /** The row of choice j of token i, at i*k + j. */
    private int[] choiceRow;
    private INDArray expertOut;
    private int[] load;
    /** Σ_e s_e per token, (N), and each expert's share of window b's choices times E / k, (B*E). */
    private double[] affinitySum;
    private double[] share;
    private double balanceLoss;

    MoeLayer(ModelConfig c, Param router, float[] bias, ExpertStack routed, SwiGlu shared, int batch, int length,
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
        group(n);
        expertOut = routed.forward(Tensors.gather(xn, rowToken), offset); // (N*k, hidden)
        INDArray weighted = expertOut.mulColumnVector(Tensors.array(rowWeight, rowWeight.length, 1));
        INDArray out = Tensors.gather(weighted, choiceRow).reshape(n, topK, hidden).sum(1); // (N, k, hidden) -> (N, hidden)
        if (shared != null) {
            out.addi(shared.forward(xn));
        }
        balanceLoss = balance();
        return out;
    }

    /** dy (N, hidden) -> d input (N, hidden). */
    INDArray backward(INDArray dy) {
        int n = batch * length;
        int hidden = (int) dy.columns();
        INDArray dWeighted = Tensors.gather(dy, rowToken); // (N*k, hidden): each row's token's gradient
        float[] dRowWeight = Tensors.floats(dWeighted.mul(expertOut).sum(1)); // (N*k)
        INDArray dRows = routed.backward(dWeighted.muliColumnVector(Tensors.array(rowWeight, rowWeight.length, 1)));
        INDArray dx = Tensors.gather(dRows, choiceRow).reshape(n, topK, hidden).sum(1); // (N, k, hidden) -> (N, hidden)
        if (shared != null) {
            dx.addi(shared.backward(dy));
        }
        INDArray dLogits = Tensors.array(routerGradient(dRowWeight), n, experts);
        return dx.addi(router.backward(input, dLogits));
    }

    /** The (token, choice) rows grouped by expert, in token order within each expert. */
    private void group(int n) {
        int[][] chosen = routing.experts();
        load = new int[experts];
        for (int[] row : chosen) {
            for (int e : row) {
                load[e]++;
            }
        }
        offset = new int[experts + 1];
        for (int e = 0; e < experts; e++) {
            offset[e + 1] = offset[e] + load[e];
        }
        rowToken = new int[n * topK];
        rowWeight = new float[n * topK];
        choiceRow = new int[n * topK];
        int[] filled = offset.clone();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < topK; j++) {
                int row = filled[chosen[i][j]]++;
                rowToken[row] = i;
                rowWeight[row] = routing.weights()[i][j];
                choiceRow[i * topK + j] = row;
            }
        }
    }

    /**
     * d loss / d router logits, (N*E): through the gate weights w_j = scale · s_j / Σ_chosen s (or scale · s_j
     * without normalisation) of the chosen experts, plus the balance loss's gradient on every affinity;
     * then through the scoring function.
     */
    private float[] routerGradient(float[] dRowWeight) {
        int n = routing.tokens();
        float[][] s = routing.affinities();
        double scaling = config.routedScalingFactor();
        double[] dAffinity = balanceGradient();
        for (int i = 0; i < n; i++) {
            int[] chosen = routing.experts()[i];
            double sum = 0;
            double weighted = 0;
            for (int j = 0; j < topK; j++) {
                sum += s[i][chosen[j]];
                weighted += dRowWeight[choiceRow[i * topK + j]] * s[i][chosen[j]];
            }
            for (int j = 0; j < topK; j++) {
                double dw = dRowWeight[choiceRow[i * topK + j]];
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

    /** The sequence-wise balance loss of the current routing; keeps its parts for {@link #balanceGradient}. */
    private double balance() {
        float[][] s = routing.affinities();
        int[][] chosen = routing.experts();
        int n = batch * length;
        affinitySum = new double[n];
        share = new double[batch * experts];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (float v : s[i]) {
                sum += v;
            }
            affinitySum[i] = sum;
            for (int e : chosen[i]) {
                share[(i / length) * experts + e] += (double) experts / ((double) topK * length);
            }
        }
        for (int i = 0; i < n; i++) {
            int window = (i / length) * experts;
            for (int e = 0; e < experts; e++) {
                loss += share[window + e] * s[i][e] / affinitySum[i] / length; // f_e · P_e, P_e a mean over the window
            }
        }
        return balanceAlpha * loss / batch;
    }

    /**
     * The balance loss's gradient with respect to each affinity, (N*E): with g = dL/ds' = α f_e / (B T) and
     * s' = s / Σ s, it is (g_e − Σ_j g_j s'_j) / Σ s.
     */
    private double[] balanceGradient() {
        float[][] s = routing.affinities();
        int n = batch * length;
        double[] d = new double[n * experts];
        double g = balanceAlpha / batch / length;
        for (int i = 0; i < n; i++) {
            int window = (i / length) * experts;
            double dot = 0;
            for (int e = 0; e < experts; e++) {
                dot += share[window + e] * s[i][e] / affinitySum[i];
            }
            for (int e = 0; e < experts; e++) {
                d[i * experts + e] = g * (share[window + e] - dot) / affinitySum[i];
            }
        }
        return d;
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
