package dev.dsv3viz.views;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every text the window shows comes from the {@code dev.dsv3viz.i18n.messages} bundle, so that a
 * language switch reaches labels, explanations, tooltips and errors alike.
 */
public final class Messages {
    private static final String BUNDLE = "dev.dsv3viz.i18n.messages";
    /** No fallback to the machine's default locale: asking for English must not give Chinese. */
    private static final ResourceBundle.Control CONTROL =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    private static volatile ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, Locale.ENGLISH, CONTROL);

    private Messages() {
    }

    /** Switches the language of every text asked for from now on. */
    public static void use(Locale locale) {
        bundle = ResourceBundle.getBundle(BUNDLE, locale, CONTROL);
    }

    /** The language in use: English when the base bundle answered. */
    public static Locale locale() {
        Locale l = bundle.getLocale();
        return l.getLanguage().isEmpty() ? Locale.ENGLISH : l;
    }

    /**
     * The text for {@code key}, with {@code {0}}-style arguments filled in. Every text goes through
     * MessageFormat, so an apostrophe is written '' in the bundle whether or not the text has arguments.
     */
    public static String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalArgumentException("no text for key " + key, e);
        }
        return new MessageFormat(pattern, locale()).format(args);
    }
}
