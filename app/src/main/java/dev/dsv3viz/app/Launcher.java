package dev.dsv3viz.app;

import dev.dsv3viz.app.cli.Cli;

/**
 * The jar's entry point. It does not extend {@code Application}: a JavaFX application class as the main
 * class of a plain class-path jar fails with "JavaFX runtime components are missing".
 * With no arguments it opens the window; otherwise it runs a command-line subcommand.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            VisualizerApp.launchWindow(args);
        } else {
            System.exit(Cli.run(args));
        }
    }
}
