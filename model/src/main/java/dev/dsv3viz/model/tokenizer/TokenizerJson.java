package dev.dsv3viz.model.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dsv3viz.model.ModelException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the Hugging Face {@code tokenizer.json} format for byte-level BPE: a {@code BPE} model
 * (vocab and merges), a {@code ByteLevel} pre-tokenizer (optionally after {@code Split} regexes, as in
 * DeepSeek's), a {@code ByteLevel} decoder, and added special tokens.
 */
public final class TokenizerJson {
    /** Far above any real tokenizer.json (DeepSeek-V3's is under 8 MB). */
    private static final long MAX_BYTES = 64L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerJson() {
    }

    public static Tokenizer read(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ModelException(file + ": too large for a tokenizer.json (" + Files.size(file) + " bytes).");
            }
            return parse(Files.readString(file));
        } catch (ModelException e) {
            throw new ModelException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelException(file + ": cannot be read (" + e.getMessage() + ").", e);
        }
    }

    static Tokenizer parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ModelException("not valid JSON (" + e.getOriginalMessage() + ")");
        }
        JsonNode model = root == null ? null : root.get("model");
        if (model == null || !"BPE".equals(model.path("type").asText("BPE")) || !model.path("vocab").isObject()) {
            throw new ModelException("only byte-level BPE tokenizers (model.type \"BPE\" with a vocab) are supported");
        }
        Map<Integer, String> byId = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = model.get("vocab").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            put(byId, e.getValue(), e.getKey());
        }
        Map<String, Integer> specials = new LinkedHashMap<>();
        for (JsonNode added : root.path("added_tokens")) {
            String content = added.path("content").asText(null);
            if (content == null || content.isEmpty()) {
                throw new ModelException("an added token has no content");
            }
            put(byId, added.path("id"), content);
            specials.put(content, added.get("id").intValue());
        }
        int size = byId.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        if (size != byId.size()) {
            throw new ModelException("token ids are not contiguous from 0 (" + byId.size() + " tokens, highest id " + (size - 1) + ")");
        }
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            tokens.add(byId.get(i));
        }
        List<String[]> merges = new ArrayList<>();
        for (JsonNode m : model.path("merges")) {
            String[] pair = m.isArray() && m.size() == 2 ? new String[]{m.get(0).asText(), m.get(1).asText()}
                    : m.isTextual() ? m.textValue().split(" ", -1) : null;
            if (pair == null || pair.length != 2) {
                throw new ModelException("merge " + m + " is not a pair of tokens");
            }
            merges.add(pair);
        }
        return new Tokenizer(tokens, merges, regexes(root.get("pre_tokenizer")), specials);
    }

    private static void put(Map<Integer, String> byId, JsonNode idNode, String token) {
        if (idNode == null || !idNode.canConvertToInt() || idNode.intValue() < 0 || idNode.intValue() > 10_000_000) {
            throw new ModelException("token \"" + token + "\" has an invalid id " + idNode);
        }
        String previous = byId.put(idNode.intValue(), token);
        if (previous != null && !previous.equals(token)) {
            throw new ModelException("id " + idNode.intValue() + " is given to both \"" + previous + "\" and \"" + token + "\"");
        }
    }

    /** The split patterns of a ByteLevel pre-tokenizer, or of a Sequence of Splits before one. */
    private static List<String> regexes(JsonNode pre) {
        if (pre == null || pre.isNull()) {
            return List.of();
        }
        String type = pre.path("type").asText();
        switch (type) {
            case "ByteLevel":
                return pre.path("use_regex").asBoolean(true) ? List.of(PreTokenizer.GPT2) : List.of();
            case "Split":
                String regex = pre.path("pattern").path("Regex").asText(null);
                if (regex == null) {
                    String literal = pre.path("pattern").path("String").asText(null);
                    if (literal == null) {
                        throw new ModelException("a Split pre-tokenizer has no pattern");
                    }
                    return List.of(java.util.regex.Pattern.quote(literal));
                }
                return List.of(regex);
            case "Sequence":
                List<String> all = new ArrayList<>();
                for (JsonNode p : pre.path("pretokenizers")) {
                    all.addAll(regexes(p));
                }
                return all;
            default:
                throw new ModelException("pre-tokenizer \"" + type + "\" is not supported (ByteLevel, Split, Sequence are)");
        }
    }

    public static void write(Tokenizer t, Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (Map.Entry<String, Integer> s : t.specials().entrySet()) {
            ObjectNode a = added.addObject();
            a.put("id", s.getValue());
            a.put("content", s.getKey());
            a.put("single_word", false);
            a.put("lstrip", false);
            a.put("rstrip", false);
            a.put("normalized", false);
            a.put("special", true);
        }
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "ByteLevel");
        pre.put("add_prefix_space", false);
        pre.put("trim_offsets", true);
        pre.put("use_regex", t.regexes().equals(List.of(PreTokenizer.GPT2)));
        root.putNull("post_processor");
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "ByteLevel");
        decoder.put("add_prefix_space", true);
        decoder.put("trim_offsets", true);
        decoder.put("use_regex", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < t.vocabSize(); i++) {
            if (!t.specials().containsKey(t.token(i))) {
                vocab.put(t.token(i), i);
            }
        }
        ArrayNode merges = model.putArray("merges");
        for (String[] m : t.merges()) {
            merges.add(m[0] + " " + m[1]);
        }
        Files.writeString(file, JSON.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
    }
}
