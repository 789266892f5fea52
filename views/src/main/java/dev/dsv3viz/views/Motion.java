package dev.dsv3viz.views;

/**
 * Whether views animate their changes. Exports turn it off so that every picture shows a step's final
 * state rather than a frame in the middle of a transition.
 */
public final class Motion {
    private static volatile boolean enabled = true;

    private Motion() {
    }

    public static boolean enabled() {
        return enabled;
    }

    public static void setEnabled(boolean on) {
        enabled = on;
    }
}
