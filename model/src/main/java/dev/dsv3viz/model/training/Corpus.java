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
 * The sample model's text. English: the King James Bible as printed by Debian's
 * {@code bible -f "Ge1:1-Re22:21"}, one verse a line, each starting with its reference ({@code 1Sam3:4 ...});
 * references are stripped, and one whole book is held out for validation. Chinese (optional): classical
 * poems in the format of Debian's {@code fortunes-zh} files ({@code tang300.u8}, {@code song100.u8}):
 * poems separated by {@code %} lines, title and author lines coloured with terminal escape codes, which are
 * stripped. The poems are short beside the Bible, so the training text repeats them; a source can hold out
 * every n-th of its poems as Chinese validation text.
 */
public final class Corpus {
    /** The held-out book: short, narrative, and unlike the books around it in the training text. */
    public static final String VALIDATION_BOOK = "Ruth";
    private static final Pattern VERSE = Pattern.compile("^(\\d?[A-Za-z]+)(\\d+):(\\d+) (.*)$");
    private static final Pattern COLOUR = Pattern.compile("\u001B\\[[0-9;]*m");

    /**
     * A file of poems.
     *
     * @param file          the fortunes-zh file
     * @param holdOutEvery  every n-th poem (the n-th, 2n-th, ...) is held out; 0 holds out none
     */
    public record PoemSource(Path file, int holdOutEvery) {
        /** {@code FILE} or {@code FILE:N}. */
        public static PoemSource parse(String spec) {
            int colon = spec.lastIndexOf(':');
            if (colon > 0 && spec.substring(colon + 1).matches("\\d+")) {
                return new PoemSource(Path.of(spec.substring(0, colon)), Integer.parseInt(spec.substring(colon + 1)));
            }
            return new PoemSource(Path.of(spec), 0);
        }
    }

    private final List<String> verses;
    private final List<String> validation;
    private final List<String> poems;
    private final List<String> heldOutPoems;

    private Corpus(List<String> verses, List<String> validation, List<String> poems, List<String> heldOutPoems) {
        this.verses = List.copyOf(verses);
        this.validation = List.copyOf(validation);
        this.poems = List.copyOf(poems);
        this.heldOutPoems = List.copyOf(heldOutPoems);
    }

    /** The English text alone. */
    public static Corpus read(Path file) {
        return read(file, List.of());
    }

    public static Corpus read(Path bible, List<PoemSource> poemSources) {
        List<String> training = new ArrayList<>();
        List<String> validation = new ArrayList<>();
        for (String line : lines(bible)) {
            Matcher m = VERSE.matcher(line.strip());
            if (m.matches()) {
                (m.group(1).equals(VALIDATION_BOOK) ? validation : training).add(m.group(4));
            }
        }
        if (training.isEmpty() || validation.isEmpty()) {
            throw new ModelException(bible + ": expected verses in the form \"Ge1:1 In the beginning...\" "
                    + "(the output of bible -f \"Ge1:1-Re22:21\"), including the book of " + VALIDATION_BOOK + ".");
        }
        List<String> poems = new ArrayList<>();
        List<String> heldOut = new ArrayList<>();
        for (PoemSource source : poemSources) {
            List<String> read = poems(source.file());
            for (int i = 0; i < read.size(); i++) {
                boolean held = source.holdOutEvery() > 0 && (i + 1) % source.holdOutEvery() == 0;
                (held ? heldOut : poems).add(read.get(i));
            }
        }
        return new Corpus(training, validation, poems, heldOut);
    }

    /** The poems of one fortunes-zh file, each its lines joined by newlines, colour codes stripped. */
    static List<String> poems(Path file) {
        List<String> poems = new ArrayList<>();
        StringBuilder poem = new StringBuilder();
        for (String raw : lines(file)) {
            String line = COLOUR.matcher(raw).replaceAll("").strip();
            if (line.equals("%")) {
                if (!poem.isEmpty()) {
                    poems.add(poem.toString());
                }
                poem.setLength(0);
            } else if (!line.isEmpty()) {
                poem.append(poem.isEmpty() ? "" : "\n").append(line);
            }
        }
        if (!poem.isEmpty()) {
            poems.add(poem.toString());
        }
        if (poems.isEmpty()) {
            throw new ModelException(file + ": expected poems separated by lines holding only %, as in fortunes-zh.");
        }
        return poems;
    }

    private static List<String> lines(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelException(file + ": there is no such file.");
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelException(file + ": cannot be read (" + e.getMessage() + ").", e);
        }
    }

    /**
     * Verses for training, references stripped, in book order, followed by the poems {@code poemRepeats}
     * times over (each repetition in the same order).
     */
    public List<String> training(int poemRepeats) {
        List<String> all = new ArrayList<>(verses);
        for (int r = 0; r < poemRepeats; r++) {
            all.addAll(poems);
        }
        return all;
    }

    /** The verses of {@link #VALIDATION_BOOK}. */
    public List<String> validation() {
        return validation;
    }

    /** The poems held out of training (empty without Chinese sources or hold-outs). */
    public List<String> heldOutPoems() {
        return heldOutPoems;
    }
}
