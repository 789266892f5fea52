package dev.dsv3viz.app.cli;

import dev.dsv3viz.app.layout.LayoutCheck;
import dev.dsv3viz.app.layout.LayoutReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The layout check of issue 13: the window laid out off screen at every size, mode, language, theme and
 * prompt length asked for, one step of each kind looked at in each, its problems counted.
 */
@Command(name = "check-layout", mixinStandardHelpOptions = true,
        description = {"Lays the window out off screen (no display needed) for every combination of the options and "
                + "reports, for one step of each kind, the smallest text, clipped or overlapping text, scroll bars and "
                + "text below WCAG AA contrast.",
                "Exit code 0: no problem; 1: problems (the table says how many); 2: bad input."})
final class CheckLayoutCommand implements Callable<Integer> {
    static final int PROBLEMS = 1;
    private static final List<String> THEMES = List.of("light", "dark", "high-contrast");

    @Spec
    CommandSpec spec;

    @Option(names = "--sizes", defaultValue = "1024x768,1280x720,1920x1080", paramLabel = "WxH,...",
            description = "Window (and full-screen) sizes (default: ${DEFAULT-VALUE}).")
    String sizes;

    @Option(names = "--modes", defaultValue = "window,presentation", description = "window and/or presentation (default: ${DEFAULT-VALUE}).")
    String modes;

    @Option(names = "--langs", defaultValue = "en,zh", description = "en and/or zh (default: ${DEFAULT-VALUE}).")
    String langs;

    @Option(names = "--themes", defaultValue = "light,dark,high-contrast", description = "light, dark, high-contrast (default: ${DEFAULT-VALUE}).")
    String themes;

    @Option(names = "--prompts", defaultValue = "1,14,200", paramLabel = "N,...",
            description = "Prompt lengths in tokens, cut from Genesis 1 (default: ${DEFAULT-VALUE}).")
    String prompts;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every view's findings to FILE as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        LayoutCheck.Matrix matrix = new LayoutCheck.Matrix(list("--sizes", sizes, CheckLayoutCommand::size),
                list("--modes", modes, m -> Arrays.stream(LayoutCheck.Mode.values()).filter(x -> x.key().equals(m)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("--modes takes window and presentation, not " + m + "."))),
                list("--langs", langs, CheckLayoutCommand::language),
                list("--themes", themes, t -> {
                    if (!THEMES.contains(t)) {
                        throw new IllegalArgumentException("--themes takes light, dark and high-contrast, not " + t + ".");
                    }
                    return t;
                }),
                list("--prompts", prompts, CheckLayoutCommand::tokens));
        var err = spec.commandLine().getErr();
        LayoutReport report = LayoutCheck.run(matrix, err::println);
        if (json != null) {
            report.writeJson(json);
        }
        var out = spec.commandLine().getOut();
        out.print(report.table());
        int problems = report.problems();
        out.println(problems == 0 ? "no problems" : problems + " problems" + (json != null ? "; every one is in " + json : ""));
        out.flush();
        return problems == 0 ? 0 : PROBLEMS;
    }

    /** A comma-separated option's values, each read by {@code read}; none, or one twice, is bad input. */
    private static <T> List<T> list(String option, String values, Function<String, T> read) {
        List<T> out = new ArrayList<>();
        for (String v : values.split(",", -1)) {
            T value = read.apply(v.trim().toLowerCase(Locale.ROOT));
            if (out.contains(value)) {
                throw new IllegalArgumentException(option + " names " + v.trim() + " twice.");
            }
            out.add(value);
        }
        return out;
    }

    private static LayoutCheck.Size size(String s) {
        String[] wh = s.split("x", -1);
        try {
            if (wh.length == 2) {
                int w = Integer.parseInt(wh[0]);
                int h = Integer.parseInt(wh[1]);
                if (w >= 1024 && h >= 640 && w <= 7680 && h <= 4320) {
                    return new LayoutCheck.Size(w, h);
                }
            }
        } catch (NumberFormatException e) {
            // Reported below with the allowed range.
        }
        throw new IllegalArgumentException("--sizes takes sizes like 1280x720 between 1024x640 and 7680x4320, not \"" + s + "\".");
    }

    private static Locale language(String s) {
        return switch (s) {
            case "en" -> Locale.ENGLISH;
            case "zh" -> Locale.SIMPLIFIED_CHINESE;
            default -> throw new IllegalArgumentException("--langs takes en and zh, not \"" + s + "\".");
        };
    }

    private static int tokens(String s) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException("--prompts takes token counts of 1 or more, not \"" + s + "\".");
    }
}
