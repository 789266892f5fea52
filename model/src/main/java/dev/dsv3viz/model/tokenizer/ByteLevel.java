package dev.dsv3viz.model.tokenizer;

/**
 * GPT-2's reversible map from the 256 byte values to printable characters, which byte-level BPE (and
 * DeepSeek's tokenizer) uses so that every token is a plain string: printable Latin-1 bytes stand for
 * themselves, the others for the characters from U+0100 on.
 */
final class ByteLevel {
    private static final char[] TO_CHAR = new char[256];
    private static final int[] TO_BYTE = new int[512];

    static {
        java.util.Arrays.fill(TO_BYTE, -1);
        int next = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) (256 + next++);
            TO_CHAR[b] = c;
            TO_BYTE[c] = b;
        }
    }

    private ByteLevel() {
    }

    /** The characters standing for {@code bytes}. */
    static String encode(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            s.append(TO_CHAR[b & 0xff]);
        }
        return s.toString();
    }

    /** The bytes a byte-level string stands for; -1 entries mark characters outside the map. */
    static byte[] decode(String s) {
        byte[] out = new byte[s.length()];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int b = c < TO_BYTE.length ? TO_BYTE[c] : -1;
            if (b < 0) {
                throw new IllegalArgumentException("not a byte-level character: U+" + Integer.toHexString(c));
            }
            out[i] = (byte) b;
        }
        return out;
    }

    static boolean isByteLevel(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= TO_BYTE.length || TO_BYTE[c] < 0) {
                return false;
            }
        }
        return true;
    }
}
