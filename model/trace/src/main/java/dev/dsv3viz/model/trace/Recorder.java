package dev.dsv3viz.model.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects trace steps during a forward pass. The engine checks {@link #isOn()} before copying anything
 * out of its tensors, so passing {@link #OFF} costs nothing.
 */
public final class Recorder {
    /** Records nothing. */
    public static final Recorder OFF = new Recorder(false);

    private final boolean on;
    private final List<TraceStep> steps = new ArrayList<>();

    private Recorder(boolean on) {
        this.on = on;
    }

    /** A fresh recorder that keeps every step. */
    public static Recorder on() {
        return new Recorder(true);
    }

    public boolean isOn() {
        return on;
    }

    public void add(TraceStep step) {
        if (on) {
            steps.add(step);
        }
    }

    public ForwardTrace toTrace(int[] tokens, int startPosition) {
        return new ForwardTrace(tokens, startPosition, steps);
    }
}
