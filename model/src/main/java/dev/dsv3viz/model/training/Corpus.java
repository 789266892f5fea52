package dev.dsv3viz.model.training;

import dev.dsv3viz.model.ModelException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The King James Bible as printed by Debian's {@code bible -f "Ge1:1-Re22:21"}: one verse a line, each
 * starting with its reference ({@code 1Sam3:4 ...}). References are stripped: the model learns the text.
 * One whole book is held out for validation, so that its loss measures text the model never saw.
 */
public final class Corpus {
    /** The held-out book: short, narrative, and unlike the books around it in the training text. */
    public static final String VALIDATION_BOOK = "Ruth";
    private static final Pattern VERSE = Pattern.compile("^(\\d?[A-Za-z]+)(\\d+):(\\d+) (.*)$");

    private final List<String> training;
    private final List<String> validation;

    private Corpus(List<String> training, List<String> validation) {
        this.training = List.copyOf(training);
        this.validation = List.copyOf(validation);
    }

    public static Corpus read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelException(file + ": cannot be read (" + e.getMessage() + ").", e);
        }
        List<String> training = new ArrayList<>();
        List<String> validation = new ArrayList<>();
        for (String line : lines) {
            Matcher m = VERSE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            (m.group(1).equals(VALIDATION_BOOK) ? validation : training).add(m.group(4));
        }
        if (training.isEmpty() || validation.isEmpty()) {
            throw new ModelException(file + ": expected verses in the form \"Ge1:1 In the beginning...\" "
                    + "(the output of bible -f \"Ge1:1-Re22:21\"), including the book of " + VALIDATION_BOOK + ".");
        }
        return new Corpus(training, validation);
    }

    /** Verses for training, references stripped, in book order. */
    public List<String> training() {
        return training;
    }

    /** The verses of {@link #VALIDATION_BOOK}. */
    public List<String> validation() {
        return validation;
    }
}
