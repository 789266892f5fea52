package dev.dsv3viz.app.cli;

import dev.dsv3viz.model.ModelException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/** The command-line interface: {@code java -jar dsv3viz.jar SUBCOMMAND ...}. */
@Command(name = "dsv3viz", mixinStandardHelpOptions = true, version = "dsv3viz 0.1",
        description = "DeepSeek-V3 visualizer. Without a subcommand, opens the window.",
        subcommands = {VerifyCommand.class, GenerateCommand.class, BenchCommand.class, CountCommand.class,
                TrainTokenizerCommand.class, TrainCommand.class, EvaluateCommand.class, ExportCommand.class,
                CheckLayoutCommand.class})
public final class Cli {
    /** Exit code of bad input (a broken checkpoint, a wrong option value) and of any other failure. */
    static final int BAD_INPUT = 2;

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(commandLine(out, err), args);
    }

    /**
     * Runs a parsed command line. Whatever goes wrong ends as one {@code error:} line and exit code 2: a
     * stack trace tells a teacher nothing. Errors of the virtual machine (memory, a native library that
     * does not load) are caught here too, as picocli passes on only exceptions.
     */
    static int run(CommandLine cl, String... args) {
        try {
            return cl.execute(args);
        } catch (VirtualMachineError | LinkageError e) {
            cl.getErr().println("error: " + describe(e));
            return BAD_INPUT;
        }
    }

    /** The configured command line, so tests can run it with commands of their own added. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Cli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + describe(e));
            return BAD_INPUT;
        });
        return cl;
    }

    /**
     * One line for a failure: the project's own messages (and the option checks' IllegalArgumentException)
     * as they are, file problems in words, anything else named as the internal failure it is.
     */
    static String describe(Throwable e) {
        if (e instanceof ModelException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        if (e instanceof UncheckedIOException u) {
            return describe(u.getCause());
        }
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + " does not exist.";
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied.";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " already exists.";
        }
        if (e instanceof IOException) {
            return "cannot read or write a file (" + e.getMessage() + ").";
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + "); give Java more with -Xmx, or use a smaller model.";
        }
        String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return "an internal error stopped the command (" + what.replace('\n', ' ')
                + "); please report it with the command line you ran.";
    }
}
