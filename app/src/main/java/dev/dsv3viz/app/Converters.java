package dev.dsv3viz.app;

import javafx.util.StringConverter;

import java.util.function.Function;

/** Choice boxes show their values through a text function; nothing is ever typed back. */
final class Converters {
    private Converters() {
    }

    static <T> StringConverter<T> showing(Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : text.apply(value);
            }

            @Override
            public T fromString(String s) {
                throw new UnsupportedOperationException("choices are not typed in");
            }
        };
    }
}
