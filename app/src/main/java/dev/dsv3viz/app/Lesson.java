package dev.dsv3viz.app;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A teacher's script: a prompt, the token to look at, and the steps to show with what to say at each,
 * in one or more languages.
 *
 * @param title    the lesson's name per language tag ("en", "zh")
 * @param position the token position to select; -1 for the prompt's last token
 */
public record Lesson(Map<String, String> title, String prompt, int position, List<Step> steps) {
    /**
     * One stop of the lesson.
     *
     * @param layer the layer of the step; -1 for the first step of that kind
     */
    public record Step(StepKind kind, int layer, Map<String, String> caption) {
        public Step {
            caption = Map.copyOf(caption);
        }

        public String caption(Locale locale) {
            return Lesson.pick(caption, locale);
        }
    }

    public Lesson {
        title = Map.copyOf(title);
        steps = List.copyOf(steps);
    }

    public String title(Locale locale) {
        return pick(title, locale);
    }

    /** The text in the locale's language, else English, else any. */
    static String pick(Map<String, String> texts, Locale locale) {
        String text = texts.get(locale.getLanguage());
        if (text == null) {
            text = texts.get("en");
        }
        return text != null ? text : texts.values().stream().findFirst().orElse("");
    }
}
