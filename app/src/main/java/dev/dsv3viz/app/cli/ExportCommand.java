package dev.dsv3viz.app.cli;

import dev.dsv3viz.app.HeadlessExport;
import dev.dsv3viz.app.StepExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Pictures of steps without a display: the window is built off screen and its stage exported. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes PNGs of a range of steps for a prompt (and manifest.json) with no display needed.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--prompt", required = true, description = "The prompt (token ids with commas for a model without tokenizer).")
    String prompt;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Checkpoint folder (default: the sample model).")
    Path checkpoint;

    @Option(names = "--steps", defaultValue = "all", description = "all, or a range like 3-7 as the window numbers steps (default: ${DEFAULT-VALUE}).")
    String steps;

    @Option(names = "--position", defaultValue = "-1", description = "The token position to show (default: the last prompt token).")
    int position;

    @Option(names = "--scale", defaultValue = "2", description = "Pixel scale: 1, 2 or 3 (default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--window", description = "Picture the whole window instead of the stage.")
    boolean window;

    @Option(names = "--size", defaultValue = "1600x900", paramLabel = "WxH",
            description = "The off-screen window's size in points (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--theme", defaultValue = "light", description = "light or dark (default: ${DEFAULT-VALUE}).")
    String theme;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the PNGs and manifest.json.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!theme.equals("light") && !theme.equals("dark")) {
            throw new IllegalArgumentException("--theme must be light or dark, not " + theme + ".");
        }
        if (scale < 0.5 || scale > 4) {
            throw new IllegalArgumentException("--scale must be between 0.5 and 4, not " + scale + ".");
        }
        String[] wh = size.toLowerCase(java.util.Locale.ROOT).split("x");
        int width;
        int height;
        try {
            width = Integer.parseInt(wh[0]);
            height = Integer.parseInt(wh[1]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--size must look like 1600x900, not " + size + ".");
        }
        if (width < 1024 || height < 640 || width > 7680 || height > 4320) {
            throw new IllegalArgumentException("--size must be between 1024x640 and 7680x4320, not " + size + ".");
        }
        List<StepExporter.Entry> entries = HeadlessExport.run(new HeadlessExport.Request(checkpoint, prompt, steps,
                position, scale, window, width, height, theme, out));
        System.out.println("wrote " + entries.size() + " pictures and manifest.json to " + out.toAbsolutePath());
        return 0;
    }
}
