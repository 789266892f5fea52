package dev.dsv3viz.model.tokenizer;

import dev.dsv3viz.model.ModelException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerTest {
    private static final String BOS = "<｜begin▁of▁sentence｜>";
    private static Tokenizer tokenizer;

    @BeforeAll
    static void train() {
        List<String> corpus = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            corpus.add("In the beginning God created the heaven and the earth.");
            corpus.add("And the earth was without form, and void; and darkness was upon the face of the deep.");
            corpus.add("天地玄黄，宇宙洪荒。日月盈昃，辰宿列张。");
        }
        tokenizer = BpeTrainer.train(corpus, 400, List.of(BOS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"In the beginning God", "naïve café – “quoted” text\n\tand tabs", "你好，世界！",
            "emoji 🌍🚀👩‍👩‍👧 and flags 🇨🇳", "unseen: qwxz 0123456789 ∑∫√", "", "   leading and trailing   "})
    void encodingThenDecodingGivesTheTextBack(String text) {
        assertEquals(text, tokenizer.decode(tokenizer.encode(text)));
    }

    @Test
    void frequentWordsBecomeSingleTokens() {
        assertEquals(1, tokenizer.encode(" the").length);
        assertTrue(tokenizer.encode("In the beginning God created").length < 10);
    }

    @Test
    void specialTokensEncodeAsOneId() {
        int[] ids = tokenizer.encode(BOS + "In the beginning");
        assertEquals(0, ids[0]);
        assertTrue(tokenizer.isSpecial(0));
        assertEquals(BOS + "In the beginning", tokenizer.decode(ids));
    }

    @Test
    void tokensThatArePartialUtf8AreShownAsByteEscapes() {
        // Ids 1..256 are the byte tokens (id 0 is the special token); 0xE5 leads 天 but is not UTF-8 alone.
        assertEquals("\\xE5", tokenizer.display(1 + 0xE5));
        for (int id = 0; id < tokenizer.vocabSize(); id++) {
            assertFalse(tokenizer.display(id).contains("\uFFFD"), "token " + id);
        }
        assertEquals("天", tokenizer.decode(tokenizer.encode("天")));
    }

    @Test
    void byteEscapesKeepWholeCharactersReadable() {
        assertEquals("ab\\xE5 A", Utf8Escapes.escape(new byte[]{'a', 'b', (byte) 0xE5, ' ', 'A'}));
        assertEquals("天\\xE5", Utf8Escapes.escape(new byte[]{(byte) 0xE5, (byte) 0xA4, (byte) 0xA9, (byte) 0xE5}));
    }

    @Test
    void tokenizerJsonRoundTrips(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        TokenizerJson.write(tokenizer, file);
        Tokenizer read = TokenizerJson.read(file);
        assertEquals(tokenizer.vocabSize(), read.vocabSize());
        String text = BOS + "And God said, Let there be light: 天地 🌍";
        assertArrayEquals(tokenizer.encode(text), read.encode(text));
        String json = Files.readString(file);
        assertTrue(json.contains("\"type\" : \"BPE\"") && json.contains("\"type\" : \"ByteLevel\""), json.substring(0, 400));
    }

    @Test
    void readsHuggingFaceMergesAsPairsAndSplitSequences() {
        String json = "{\"added_tokens\":[{\"id\":3,\"content\":\"<eos>\",\"special\":true}],"
                + "\"pre_tokenizer\":{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Split\",\"pattern\":{\"Regex\":\"\\\\p{N}{1,3}\"},\"behavior\":\"Isolated\"},"
                + "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"use_regex\":false}]},"
                + "\"model\":{\"type\":\"BPE\",\"vocab\":{\"1\":0,\"2\":1,\"12\":2},\"merges\":[[\"1\",\"2\"]]}}";
        Tokenizer t = TokenizerJson.parse(json);
        // The split isolates "121" and "22"; the merge (1, 2) applies inside "121" only.
        assertArrayEquals(new int[]{2, 0, 1, 1}, t.encode("12122"));
        assertArrayEquals(new int[]{2, 3}, t.encode("12<eos>"));
    }

    @Test
    void aTokenizerOfAnotherKindIsRefusedWithTheFileName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, "{\"model\":{\"type\":\"Unigram\",\"vocab\":[]}}");
        ModelException e = assertThrows(ModelException.class, () -> TokenizerJson.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("byte-level BPE"), e.getMessage());
        Files.writeString(file, "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0,\"b\":5}}}");
        assertThrows(ModelException.class, () -> TokenizerJson.read(file));
    }
}
