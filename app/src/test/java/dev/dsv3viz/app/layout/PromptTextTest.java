package dev.dsv3viz.app.layout;

import dev.dsv3viz.app.Engine;
import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.tokenizer.Tokenizer;
import dev.dsv3viz.model.tokenizer.TokenizerJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prompts cut to a token count with the sample model's own tokenizer. */
class PromptTextTest {
    private static final Tokenizer TOKENIZER = TokenizerJson.read(Engine.sampleDir().resolve("tokenizer.json"));

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 14, 200})
    void aPromptIsExactlyTheAskedNumberOfTokens(int tokens) {
        String prompt = PromptText.cut(PromptText.source(), TOKENIZER, tokens);
        assertEquals(tokens, TOKENIZER.encode(prompt).length, prompt);
        assertTrue(PromptText.source().startsWith(prompt), prompt);
    }

    @Test
    void moreTokensThanTheTextHasIsBadInputThatSaysHowManyThereAre() {
        ModelException e = assertThrows(ModelException.class, () -> PromptText.cut(PromptText.source(), TOKENIZER, 100_000));
        int whole = TOKENIZER.encode(PromptText.source()).length;
        assertTrue(e.getMessage().contains("the whole text is " + whole), e.getMessage());
    }
}
