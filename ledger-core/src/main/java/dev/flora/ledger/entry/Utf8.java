package dev.flora.ledger.entry;

/**
 * UTF-8 length and encoding of strings without intermediate arrays. Callers MUST pass strings
 * without lone surrogates (the constructors reject them), so every char sequence has exactly one
 * UTF-8 form.
 */
final class Utf8 {

    private Utf8() {
    }

    /** The UTF-8 length of {@code s} in bytes. */
    static int length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x800) {
                // a surrogate pair is 2 chars and 4 bytes, so +1 per surrogate half is exact
                bytes += Character.isSurrogate(c) ? 1 : 2;
            } else if (c >= 0x80) {
                bytes += 1;
            }
        }
        return bytes;
    }

    /** Writes the UTF-8 form of {@code s} at {@code pos}; returns the position after it. */
    static int write(String s, byte[] out, int pos) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[pos++] = (byte) c;
            } else if (c < 0x800) {
                out[pos++] = (byte) (0xC0 | (c >> 6));
                out[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[pos++] = (byte) (0xF0 | (cp >> 18));
                out[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[pos++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                out[pos++] = (byte) (0xE0 | (c >> 12));
                out[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return pos;
    }

    /** The index of the first surrogate that is not half of a proper pair, or -1. */
    static int firstLoneSurrogate(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The offset of the first control character (U+0000..U+001F, U+007F, U+0080..U+009F) in
     * valid UTF-8 bytes {@code b[from, to)}, or -1. In valid UTF-8, C1 controls are exactly the
     * two-byte sequences 0xC2 0x80..0x9F.
     */
    static int firstControl(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            int v = b[i] & 0xFF;
            if (v < 0x20 || v == 0x7F) {
                return i;
            }
            if (v == 0xC2 && i + 1 < to && (b[i + 1] & 0xFF) <= 0x9F) {
                return i;
            }
        }
        return -1;
    }

    /** True when every byte of {@code b[from, to)} is below 0x80. */
    static boolean isAscii(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
