package dev.dsv3viz.model.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns a byte-level BPE vocabulary from text: starting from the 256 byte symbols, repeatedly merge the
 * most frequent adjacent pair within pre-tokenized words (ties broken by the earlier pair, so training
 * is deterministic) until the vocabulary reaches the asked size.
 */
public final class BpeTrainer {
    private BpeTrainer() {
    }

    /**
     * @param texts     the training text, e.g. one line each
     * @param vocabSize the final vocabulary size, special tokens included
     * @param specials  special tokens, given the first ids
     */
    public static Tokenizer train(Iterable<String> texts, int vocabSize, List<String> specials) {
        PreTokenizer pre = new PreTokenizer(List.of(PreTokenizer.GPT2));
        Map<String, Integer> wordCounts = new HashMap<>();
        for (String text : texts) {
            for (String piece : pre.split(text)) {
                wordCounts.merge(ByteLevel.encode(piece.getBytes(StandardCharsets.UTF_8)), 1, Integer::sum);
            }
        }
        List<String> tokens = new ArrayList<>(specials);
        Map<String, Integer> specialIds = new LinkedHashMap<>();
        for (int i = 0; i < specials.size(); i++) {
            specialIds.put(specials.get(i), i);
        }
        Map<String, Integer> ids = new HashMap<>();
        for (int b = 0; b < 256; b++) {
            String c = ByteLevel.encode(new byte[]{(byte) b});
            ids.put(c, tokens.size());
            tokens.add(c);
        }
        List<int[]> words = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (Map.Entry<String, Integer> w : wordCounts.entrySet()) {
            String s = w.getKey();
            int[] symbols = new int[s.length()];
            for (int i = 0; i < s.length(); i++) {
                symbols[i] = ids.get(String.valueOf(s.charAt(i)));
            }
            words.add(symbols);
            counts.add(w.getValue());
        }
        List<String[]> merges = new ArrayList<>();
        while (tokens.size() < vocabSize) {
            Map<Long, Long> pairs = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                int[] s = words.get(w);
                for (int i = 0; i + 1 < s.length; i++) {
                    pairs.merge(((long) s[i] << 32) | s[i + 1], (long) counts.get(w), Long::sum);
                }
            }
            long best = -1;
            long bestCount = 0;
            for (Map.Entry<Long, Long> p : pairs.entrySet()) {
                if (p.getValue() > bestCount || (p.getValue() == bestCount && p.getKey() < best)) {
                    best = p.getKey();
                    bestCount = p.getValue();
                }
            }
            if (best < 0) {
                break; // every word is a single symbol: nothing left to merge
            }
            int left = (int) (best >>> 32);
            int right = (int) best;
            int merged = tokens.size();
            tokens.add(tokens.get(left) + tokens.get(right));
            merges.add(new String[]{tokens.get(left), tokens.get(right)});
            for (int w = 0; w < words.size(); w++) {
                words.set(w, replacePair(words.get(w), left, right, merged));
            }
        }
        return new Tokenizer(tokens, merges, List.of(PreTokenizer.GPT2), specialIds);
    }

    private static int[] replacePair(int[] s, int left, int right, int merged) {
        int n = 0;
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            if (i + 1 < s.length && s[i] == left && s[i + 1] == right) {
                out[n++] = merged;
                i++;
            } else {
                out[n++] = s[i];
            }
        }
        return n == s.length ? s : java.util.Arrays.copyOf(out, n);
    }
}
