package dev.dsv3viz.model.tokenizer;

import java.nio.charset.StandardCharsets;

/** Writes bytes as text: whole UTF-8 characters as themselves, stray bytes as {@code \xHH}. */
final class Utf8Escapes {
    private Utf8Escapes() {
    }

    static String escape(byte[] b) {
        StringBuilder s = new StringBuilder();
        int i = 0;
        while (i < b.length) {
            int len = sequenceLength(b, i);
            if (len > 0) {
                s.append(new String(b, i, len, StandardCharsets.UTF_8));
                i += len;
            } else {
                s.append(String.format("\\x%02X", b[i] & 0xff));
                i++;
            }
        }
        return s.toString();
    }

    /** Length of the well-formed UTF-8 character starting at {@code i}, or 0. */
    private static int sequenceLength(byte[] b, int i) {
        int lead = b[i] & 0xff;
        int len = lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
        if (len == 0 || i + len > b.length) {
            return 0;
        }
        for (int k = 1; k < len; k++) {
            if ((b[i + k] & 0xC0) != 0x80) {
                return 0;
            }
        }
        String decoded = new String(b, i, len, StandardCharsets.UTF_8);
        return decoded.contains("\uFFFD") ? 0 : len;
    }
}
