package dev.dsv3viz.model.tokenizer;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A byte-level BPE tokenizer, as DeepSeek's: text is split into pieces, each piece's UTF-8 bytes are
 * written as byte-level characters, and adjacent symbols are merged in the order the merges were learnt.
 * Any string, Chinese and emoji included, encodes and decodes back exactly. Immutable; safe to share.
 */
public final class Tokenizer {
    private final List<String> tokens;
    private final Map<String, Integer> ids;
    private final List<String[]> merges;
    private final Map<String, Integer> mergeRank;
    private final PreTokenizer preTokenizer;
    private final Map<String, Integer> specials;
    private final Map<String, int[]> cache = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param tokens   every token's byte-level string, by id (special tokens hold their literal text)
     * @param merges   the learnt merges, highest priority first, as pairs of token strings
     * @param regexes  the pre-tokenizer's split patterns, applied in order
     * @param specials ids of the special tokens, matched literally before anything else
     */
    Tokenizer(List<String> tokens, List<String[]> merges, List<String> regexes, Map<String, Integer> specials) {
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            ids.put(tokens.get(i), i);
        }
        this.merges = List.copyOf(merges);
        this.mergeRank = new HashMap<>();
        for (int r = 0; r < merges.size(); r++) {
            mergeRank.putIfAbsent(key(merges.get(r)[0], merges.get(r)[1]), r);
        }
        this.preTokenizer = new PreTokenizer(regexes);
        this.specials = new LinkedHashMap<>(specials);
        checkComplete();
    }

    /** Refuses merges whose result is not a token: every text they apply to would fail to encode. */
    private void checkComplete() {
        for (int r = 0; r < merges.size(); r++) {
            String[] m = merges.get(r);
            if (!ids.containsKey(m[0] + m[1])) {
                throw new dev.dsv3viz.model.ModelException("merge " + (r + 1) + " (" + displayOf(m[0]) + " + " + displayOf(m[1])
                        + ") makes a token the vocabulary does not have.");
            }
        }
    }

    private static String key(String a, String b) {
        return a + '\u0000' + b;
    }

    public int vocabSize() {
        return tokens.size();
    }

    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        encodeWithSpecials(text, out);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private void encodeWithSpecials(String text, List<Integer> out) {
        int from = 0;
        while (from < text.length()) {
            int best = -1;
            String bestSpecial = null;
            for (String s : specials.keySet()) {
                int at = text.indexOf(s, from);
                if (at >= 0 && (best < 0 || at < best)) {
                    best = at;
                    bestSpecial = s;
                }
            }
            int end = best < 0 ? text.length() : best;
            for (String piece : preTokenizer.split(text.substring(from, end))) {
                for (int id : encodePiece(piece)) {
                    out.add(id);
                }
            }
            if (best < 0) {
                break;
            }
            out.add(specials.get(bestSpecial));
            from = best + bestSpecial.length();
        }
    }

    private int[] encodePiece(String piece) {
        return cache.computeIfAbsent(piece, p -> {
            List<String> symbols = new ArrayList<>();
            String chars = ByteLevel.encode(p.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < chars.length(); i++) {
                symbols.add(String.valueOf(chars.charAt(i)));
            }
            while (symbols.size() > 1) {
                int bestRank = Integer.MAX_VALUE;
                int at = -1;
                for (int i = 0; i + 1 < symbols.size(); i++) {
                    Integer r = mergeRank.get(key(symbols.get(i), symbols.get(i + 1)));
                    if (r != null && r < bestRank) {
                        bestRank = r;
                        at = i;
                    }
                }
                if (at < 0) {
                    break;
                }
                symbols.set(at, symbols.get(at) + symbols.remove(at + 1));
            }
            int[] out = new int[symbols.size()];
            for (int i = 0; i < out.length; i++) {
                Integer id = ids.get(symbols.get(i));
                if (id == null) {
                    throw new dev.dsv3viz.model.ModelException("The text has " + displayOf(symbols.get(i))
                            + ", which this tokenizer's vocabulary has no token for.");
                }
                out[i] = id;
            }
            return out;
        });
    }

    /** The text of a sequence of ids; bytes that do not form valid UTF-8 become U+FFFD. */
    public String decode(int[] sequence) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int id : sequence) {
            byte[] b = bytesOf(id);
            bytes.write(b, 0, b.length);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * A token as a reader should see it: its text when its bytes are whole UTF-8, otherwise the text with
     * each stray byte written as an escape such as {@code \xE4} (never U+FFFD).
     */
    public String display(int id) {
        return displayOf(token(id));
    }

    private String displayOf(String token) {
        if (specials.containsKey(token) || !ByteLevel.isByteLevel(token)) {
            return token;
        }
        byte[] b = ByteLevel.decode(token);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return Utf8Escapes.escape(b);
        }
    }

    /** How many bytes of text the token stands for. */
    public int byteLength(int id) {
        return bytesOf(id).length;
    }

    private byte[] bytesOf(int id) {
        String t = token(id);
        return specials.containsKey(t) ? t.getBytes(StandardCharsets.UTF_8) : ByteLevel.decode(t);
    }

    /** The token's string in the vocabulary (byte-level characters, or a special token's text). */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary (0.." + (tokens.size() - 1) + ")");
        }
        return tokens.get(id);
    }

    public boolean isSpecial(int id) {
        return specials.containsKey(token(id));
    }

    List<String> tokens() {
        return tokens;
    }

    List<String[]> merges() {
        return merges;
    }

    List<String> regexes() {
        return preTokenizer.regexes();
    }

    Map<String, Integer> specials() {
        return specials;
    }
}
