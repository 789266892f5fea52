package dev.dsv3viz.app.layout;

import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.tokenizer.Tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Prompts of a chosen number of tokens: the start of Genesis 1 (KJV), cut where the tokenizer says. */
public final class PromptText {
    private static final String SOURCE = "genesis-1.txt";
    /** How far past the wanted count a prefix may go before the search stops (BPE counts barely wobble). */
    private static final int SLACK = 3;

    private PromptText() {
    }

    public static String source() {
        try (InputStream in = PromptText.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The longest start of {@code text} ending at a word's end that the tokenizer makes exactly
     * {@code tokens} tokens of (or, failing that, ending anywhere).
     */
    public static String cut(String text, Tokenizer tokenizer, int tokens) {
        String atWord = longest(text, tokenizer, tokens, true);
        String found = atWord != null ? atWord : longest(text, tokenizer, tokens, false);
        if (found == null) {
            throw new ModelException("no start of the prompt text is exactly " + tokens + " tokens long (the whole text is "
                    + tokenizer.encode(text).length + ").");
        }
        return found;
    }

    private static String longest(String text, Tokenizer tokenizer, int tokens, boolean atWordEnd) {
        String found = null;
        for (int end = 1; end <= text.length(); end++) {
            if (atWordEnd && end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                continue;
            }
            String prefix = text.substring(0, end);
            int n = tokenizer.encode(prefix).length;
            if (n == tokens) {
                found = prefix;
            } else if (n > tokens + SLACK) {
                break;
            }
        }
        return found;
    }
}
