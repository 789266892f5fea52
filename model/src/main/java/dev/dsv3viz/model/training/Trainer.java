package dev.dsv3viz.model.training;

import dev.dsv3viz.model.nn.Scratch;
import org.nd4j.linalg.api.memory.MemoryWorkspace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One optimisation step at a time: forward and backward over the batch (the routing decided inside the
 * step, from the affinities that are differentiated), an Adam step at the schedule's rate, then DeepSeek-V3's
 * auxiliary-loss-free balancing: each expert's bias is lowered by γ if it got more than its share of this
 * batch's tokens and raised by γ if it got less. The bias only ever changes which experts are chosen,
 * never the gate weights. Every intermediate array of a step lives in one reused workspace.
 */
public final class Trainer {
    private static final String WORKSPACE = "dsv3viz-training";
    private final TrainableModel model;
    private final Adam adam;
    private final LearningRate schedule;
    private final double gamma;

    /**
     * What a step did.
     *
     * @param losses       the batch's losses before the update
     * @param loads        per MoE layer, the tokens each expert received (what the bias update used)
     * @param gradientNorm the global gradient norm before clipping
     * @param learningRate the rate the step used
     */
    public record Step(TrainableModel.Losses losses, Map<Integer, int[]> loads, double gradientNorm, double learningRate) {
    }

    /** @param gamma the bias update speed γ (0 switches the balancing off) */
    public Trainer(TrainableModel model, LearningRate schedule, double gamma) {
        this.model = model;
        this.adam = new Adam(model.params(), 1.0);
        this.schedule = schedule;
        this.gamma = gamma;
    }

    /** One step on B windows of T + D + 1 tokens. */
    public Step step(int[][] windows) {
        double rate = schedule.at(adam.step() + 1);
        try (MemoryWorkspace ignored = Scratch.open(WORKSPACE)) {
            TrainableModel.Losses losses = model.forward(windows);
            model.backward();
            double norm = adam.apply(rate);
            Map<Integer, int[]> loads = new LinkedHashMap<>();
            model.moeLayers().forEach((layer, moe) -> {
                loads.put(layer, moe.load());
                moe.updateBias(gamma);
            });
            return new Step(losses, loads, norm, rate);
        }
    }

    /** The losses at the current weights on B windows, without training. */
    public TrainableModel.Losses losses(int[][] windows) {
        try (MemoryWorkspace ignored = Scratch.open(WORKSPACE)) {
            return model.forward(windows);
        }
    }

    /** Steps taken so far (including those of the run this one resumed). */
    public long steps() {
        return adam.step();
    }

    public TrainableModel model() {
        return model;
    }

    /** Writes Adam's moments and step count, so that a resumed run continues exactly. */
    public void saveState(Path file) throws IOException {
        adam.save(file);
    }

    /** Reads what {@link #saveState} wrote. */
    public void loadState(Path file) {
        adam.load(file);
    }
}
