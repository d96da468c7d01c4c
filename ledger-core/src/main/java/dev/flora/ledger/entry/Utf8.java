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

    /**
     * The length, 1..4, of the well-formed UTF-8 sequence (RFC 3629 table 3) that starts at
     * {@code b[i]} and ends by {@code to}; 0 when it is ill-formed or cut off by {@code to}.
     * Ill-formed covers stray continuation bytes, the never-used leads 0xC0, 0xC1 and
     * 0xF5..0xFF, overlong forms, encoded surrogates U+D800..U+DFFF and anything above U+10FFFF.
     */
    static int sequenceLength(byte[] b, int i, int to) {
        int lead = b[i] & 0xFF;
        if (lead < 0x80) {
            return 1;
        }
        int n;
        int low = 0x80;
        int high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            n = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            n = 3;
            low = lead == 0xE0 ? 0xA0 : low; // shorter forms are overlong
            high = lead == 0xED ? 0x9F : high; // ED A0..BF encodes surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            n = 4;
            low = lead == 0xF0 ? 0x90 : low; // overlong
            high = lead == 0xF4 ? 0x8F : high; // above U+10FFFF
        } else {
            return 0;
        }
        return to - i >= n && inRange(b[i + 1], low, high) && continuations(b, i + 2, i + n)
                ? n : 0;
    }

    private static boolean inRange(byte v, int low, int high) {
        int u = v & 0xFF;
        return u >= low && u <= high;
    }

    private static boolean continuations(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if ((b[i] & 0xC0) != 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The code point of the well-formed n-byte sequence at {@code b[i]}. */
    static int codePoint(byte[] b, int i, int n) {
        if (n == 1) {
            return b[i];
        }
        int cp = b[i] & (0x7F >> n); // the lead keeps 7-n payload bits
        for (int k = 1; k < n; k++) {
            cp = (cp << 6) | (b[i + k] & 0x3F);
        }
        return cp;
    }

    /** C0 controls U+0000..U+001F, DEL U+007F and C1 controls U+0080..U+009F. */
    static boolean isControl(int codePoint) {
        return codePoint < 0x20 || (codePoint >= 0x7F && codePoint <= 0x9F);
    }
}
