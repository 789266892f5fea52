package dev.dsv3viz.app;

import dev.dsv3viz.model.ModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LessonsTest {
    @Test
    void theShippedLessonsHaveCaptionsInBothLanguages() {
        for (String name : Lessons.SHIPPED) {
            Lesson lesson = Lessons.load(name);
            assertFalse(lesson.title(Locale.ENGLISH).equals(lesson.title(Locale.SIMPLIFIED_CHINESE)), name);
            assertFalse(lesson.steps().isEmpty(), name);
            for (Lesson.Step step : lesson.steps()) {
                String en = step.caption(Locale.ENGLISH);
                String zh = step.caption(Locale.SIMPLIFIED_CHINESE);
                assertFalse(en.isBlank(), name);
                assertTrue(zh.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
                        name + ": " + zh);
            }
        }
    }

    @Test
    void aCaptionMissingInOneLanguageFallsBackToEnglish() {
        Lesson lesson = Lessons.parse(("{\"prompt\": \"In the beginning\", \"title\": \"T\", \"steps\": "
                + "[{\"kind\": \"router.bias\", \"caption\": {\"en\": \"the bias\"}}]}").getBytes(StandardCharsets.UTF_8), "x");
        assertEquals("the bias", lesson.steps().get(0).caption(Locale.SIMPLIFIED_CHINESE));
        assertEquals(-1, lesson.steps().get(0).layer());
        assertEquals(-1, lesson.position());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json at all|is not valid JSON",
            "[1, 2]|must hold a JSON object",
            "{\"steps\": []}|needs a \"prompt\"",
            "{\"prompt\": \"a\", \"steps\": []}|non-empty \"steps\"",
            "{\"prompt\": \"a\", \"title\": \"t\", \"steps\": [{\"kind\": \"dance\", \"caption\": \"c\"}]}|step 1: \"kind\" must be one of",
            "{\"prompt\": \"a\", \"title\": \"t\", \"steps\": [{\"kind\": \"mlp\", \"layer\": \"two\", \"caption\": \"c\"}]}|\"layer\" must be a whole number",
            "{\"prompt\": \"a\", \"title\": \"t\", \"steps\": [{\"kind\": \"mlp\", \"caption\": 7}]}|\"caption\" must be a text",
            "{\"prompt\": \"a\", \"title\": \"t\", \"position\": \"end\", \"steps\": [{\"kind\": \"mlp\", \"caption\": \"c\"}]}|\"position\" must be a whole number"})
    void aBrokenLessonSaysWhatIsWrongAndWhere(String json, String message) {
        ModelException e = assertThrows(ModelException.class,
                () -> Lessons.parse(json.getBytes(StandardCharsets.UTF_8), "lesson.json"));
        assertTrue(e.getMessage().startsWith("lesson.json"), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
