package dev.dsv3viz.model.training;

import dev.dsv3viz.model.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * A corpus as token streams: the training text and the held-out text, each one stream of passages
 * (verses, poems) ending in a newline.
 *
 * @param training   the training stream
 * @param validation the held-out stream
 */
public record TrainingText(int[] training, int[] validation) {

    /** The corpus's training text (its poems {@code poemRepeats} times) and its held-out English text. */
    public static TrainingText of(Tokenizer t, Corpus corpus, int poemRepeats) {
        return new TrainingText(stream(t, corpus.training(poemRepeats)), stream(t, corpus.validation()));
    }

    /** Passages joined into one token stream, each ending in a newline. */
    public static int[] stream(Tokenizer t, List<String> passages) {
        List<int[]> parts = new ArrayList<>();
        int n = 0;
        for (String v : passages) {
            int[] ids = t.encode(v + "\n");
            parts.add(ids);
            n += ids.length;
        }
        int[] all = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
