package dev.dsv3viz.app.cli;

import dev.dsv3viz.app.HeadlessExport;
import dev.dsv3viz.app.SlideSettings;
import dev.dsv3viz.app.StepExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Slides of steps without a display: the window is built off screen and exported like the GUI does. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes PNGs of a range of steps for a prompt, a manifest.json and optionally a GIF, with no display needed.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--prompt", required = true, description = "The prompt (token ids with commas for a model without tokenizer).")
    String prompt;

    @Mixin
    ModelOptions model;

    @Option(names = "--steps", defaultValue = "all", description = "all, or a range like 3-7 as the window numbers steps (default: ${DEFAULT-VALUE}).")
    String steps;

    @Option(names = "--position", defaultValue = "-1", description = "The token position to show (default: the last prompt token).")
    int position;

    @Option(names = "--slide", defaultValue = "16:9", description = "16:9 (1920x1080), 4:3 (1440x1080) or window (default: ${DEFAULT-VALUE}).")
    String slide;

    @Option(names = "--scale", defaultValue = "2", description = "Pixels per point, 0.5 to 4: larger draws larger on the slide (default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--captions", description = "Put each step's title on its picture.")
    boolean captions;

    @Option(names = "--gif", description = "Also write steps.gif with the same pictures.")
    boolean gif;

    @Option(names = "--lang", defaultValue = "en", description = "en or zh: the language of captions and labels (default: ${DEFAULT-VALUE}).")
    String lang;

    @Option(names = "--theme", defaultValue = "light", description = "light, dark or high-contrast (default: ${DEFAULT-VALUE}).")
    String theme;

    @Option(names = "--size", defaultValue = "1600x900", paramLabel = "WxH",
            description = "The off-screen window's size, which --slide window pictures (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the PNGs, manifest.json and steps.gif.")
    Path out;

    @Override
    public Integer call() throws Exception {
        SlideSettings.Size shape = Arrays.stream(SlideSettings.Size.values()).filter(s -> s.key().equals(slide)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--slide must be 16:9, 4:3 or window, not " + slide + "."));
        Locale language = switch (lang) {
            case "en" -> Locale.ENGLISH;
            case "zh" -> Locale.SIMPLIFIED_CHINESE;
            default -> throw new IllegalArgumentException("--lang must be en or zh, not " + lang + ".");
        };
        if (!List.of("light", "dark", "high-contrast").contains(theme)) {
            throw new IllegalArgumentException("--theme must be light, dark or high-contrast, not " + theme + ".");
        }
        if (!(scale >= 0.5 && scale <= 4)) {
            throw new IllegalArgumentException("--scale must be between 0.5 and 4, not " + scale + ".");
        }
        String[] wh = size.toLowerCase(Locale.ROOT).split("x");
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
        List<StepExporter.Entry> entries = HeadlessExport.run(new HeadlessExport.Request(model.dir(), model.mla, prompt, steps,
                position, shape, scale, captions, gif, width, height, theme, language, out));
        System.out.println("wrote " + entries.size() + " pictures" + (gif ? ", steps.gif" : "") + " and manifest.json to "
                + out.toAbsolutePath());
        return 0;
    }
}
