package dev.dsv3viz.app.cli;

import dev.dsv3viz.model.ModelException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The command-line interface: {@code java -jar dsv3viz.jar SUBCOMMAND ...}. */
@Command(name = "dsv3viz", mixinStandardHelpOptions = true, version = "dsv3viz 0.1",
        description = "DeepSeek-V3 visualizer. Without a subcommand, opens the window.",
        subcommands = {VerifyCommand.class, GenerateCommand.class, BenchCommand.class, CountCommand.class,
                TrainTokenizerCommand.class, TrainCommand.class, EvaluateCommand.class, ExportCommand.class})
public final class Cli {
    /** Exit code of bad input (a broken checkpoint, a wrong option value). */
    static final int BAD_INPUT = 2;

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Cli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ModelException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return BAD_INPUT;
            }
            throw e;
        });
        return cl.execute(args);
    }
}
