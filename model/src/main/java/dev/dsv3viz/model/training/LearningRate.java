package dev.dsv3viz.model.training;

/**
 * The learning-rate schedule: a linear warm-up to the peak, then a cosine decay to {@code floor} times the
 * peak at {@code totalSteps}, and the floor after that.
 *
 * @param peak        the largest learning rate
 * @param warmupSteps steps of the linear warm-up
 * @param totalSteps  the step at which the decay reaches the floor
 * @param floor       the final rate as a fraction of the peak
 */
public record LearningRate(double peak, int warmupSteps, int totalSteps, double floor) {
    public LearningRate {
        if (!(peak > 0) || warmupSteps < 0 || totalSteps <= warmupSteps || floor < 0 || floor > 1) {
            throw new IllegalArgumentException("a learning rate needs peak > 0, 0 <= warm-up < total steps, 0 <= floor <= 1");
        }
    }

    /** The rate of step {@code step}, counted from 1. */
    public double at(long step) {
        if (step <= warmupSteps) {
            return peak * step / Math.max(1, warmupSteps);
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
        return peak * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
