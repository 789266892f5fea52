package dev.dsv3viz.model.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into the pieces BPE merges within (merges never cross a piece boundary): a sequence of
 * regex splits whose matches are kept as pieces of their own ("Isolated"), as in the tokenizer.json of
 * GPT-2-style and DeepSeek tokenizers.
 */
final class PreTokenizer {
    /** GPT-2's pattern: contractions, words with their leading space, numbers, punctuation runs, spaces. */
    static final String GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    private final List<Pattern> patterns;
    private final List<String> sources;

    PreTokenizer(List<String> regexes) {
        this.sources = List.copyOf(regexes);
        this.patterns = regexes.stream().map(r -> Pattern.compile(r, Pattern.UNICODE_CHARACTER_CLASS)).toList();
    }

    List<String> regexes() {
        return sources;
    }

    List<String> split(String text) {
        List<String> pieces = List.of(text);
        for (Pattern p : patterns) {
            List<String> next = new ArrayList<>();
            for (String piece : pieces) {
                isolate(p, piece, next);
            }
            pieces = next;
        }
        return pieces;
    }

    private static void isolate(Pattern p, String text, List<String> out) {
        Matcher m = p.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.end() == m.start()) {
                continue;
            }
            if (m.start() > last) {
                out.add(text.substring(last, m.start()));
            }
            out.add(m.group());
            last = m.end();
        }
        if (last < text.length()) {
            out.add(text.substring(last));
        }
    }
}
