package dev.dsv3viz.model.training;

import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.generate.Generator;
import dev.dsv3viz.model.generate.SamplingOptions;
import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.nn.Transformer;
import dev.dsv3viz.model.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a model continues well-known passages as written: each prompt is continued greedily, and the
 * first units of the continuation are compared with the expected text. A unit is a word of letters or
 * digits, or a single CJK character; spaces, punctuation and line breaks are skipped, so "shepherd; I"
 * and "shepherd I" agree, and a poem's next line may start after its line break.
 *
 * @param results one per case, in file order
 */
public record Continuations(List<Result> results) {
    private static final Pattern UNIT = Pattern.compile("[\\p{IsHan}]|[\\p{L}\\p{N}']+");
    /** Units compared: the first, and the first three. */
    public static final int SHORT = 1;
    public static final int LONG = 3;

    /** A prompt and what the text says next. */
    public record Case(String prompt, String expected, String label) {
    }

    /** What the model wrote after a case's prompt, and whether its first 1 and 3 units are the expected ones. */
    public record Result(Case c, String generated, boolean first, boolean firstThree) {
    }

    /** Cases from a file of {@code prompt<TAB>expected[<TAB>label]} lines; lines starting with # are comments. */
    public static List<Case> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelException(file + ": cannot be read (" + e.getMessage() + ").", e);
        }
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", -1);
            if (parts.length < 2 || parts[0].isEmpty()) {
                throw new ModelException(file + ", line " + (i + 1) + ": expected \"prompt<TAB>expected continuation\".");
            }
            cases.add(new Case(parts[0], parts[1], parts.length > 2 ? parts[2] : parts[0]));
        }
        return cases;
    }

    /** Continues every case's prompt greedily by {@code tokens} tokens and scores it. */
    public static Continuations run(Transformer model, Tokenizer tokenizer, List<Case> cases, int tokens) {
        Generator generator = new Generator(model, MlaMode.ABSORBED);
        List<Result> results = new ArrayList<>();
        for (Case c : cases) {
            int[] prompt = tokenizer.encode(c.prompt());
            int[] all = generator.generate(prompt, tokens, SamplingOptions.GREEDY);
            String generated = tokenizer.decode(Arrays.copyOfRange(all, prompt.length, all.length));
            List<String> want = units(c.expected());
            List<String> got = units(generated);
            results.add(new Result(c, generated, agree(want, got, SHORT), agree(want, got, LONG)));
        }
        return new Continuations(results);
    }

    static List<String> units(String text) {
        List<String> units = new ArrayList<>();
        Matcher m = UNIT.matcher(text);
        while (m.find()) {
            units.add(m.group());
        }
        return units;
    }

    private static boolean agree(List<String> want, List<String> got, int n) {
        return want.size() >= n && got.size() >= n && want.subList(0, n).equals(got.subList(0, n));
    }

    public long firstHits() {
        return results.stream().filter(Result::first).count();
    }

    public long firstThreeHits() {
        return results.stream().filter(Result::firstThree).count();
    }
}
