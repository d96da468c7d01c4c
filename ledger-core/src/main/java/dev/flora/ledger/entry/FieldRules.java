package dev.flora.ledger.entry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Predicate;

/**
 * The limits and grammars of the v1 entry fields, shared by the validating constructors and the
 * decoder so that no valid object encodes to bytes the decoder rejects, and no accepted byte
 * string decodes to an object the constructors reject.
 */
final class FieldRules {

    static final int MAX_CASE_REF_BYTES = 128;
    static final int MAX_EVENT_TYPE_BYTES = 64;
    static final int MAX_AUTHORITY_BYTES = 64;
    static final int MAX_ATTRIBUTES = 32;
    static final int MAX_KEY_BYTES = 64;
    static final int MAX_TEXT_BYTES = 1024;
    static final int MAX_REQUEST_ID_BYTES = 128;

    static final String EVENT_TYPE_GRAMMAR = "[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*";
    static final String AUTHORITY_GRAMMAR = "[a-z0-9]+(-[a-z0-9]+)*";
    static final String KEY_GRAMMAR = "[a-z][a-z0-9_]*";

    private FieldRules() {
    }

    /** {@code [a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*}: dot-separated lower-case segments. */
    static boolean isEventType(String s) {
        boolean segmentStart = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (segmentStart) {
                if (!isLower(c)) {
                    return false;
                }
                segmentStart = false;
            } else if (c != '.' && !isLower(c) && !isDigit(c) && c != '_') {
                return false;
            } else if (c == '.') {
                segmentStart = true;
            }
        }
        return !segmentStart;
    }

    /** {@code [a-z0-9]+(-[a-z0-9]+)*}: no leading, trailing or doubled hyphen. */
    static boolean isAuthority(String s) {
        boolean needAlnum = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isLower(c) || isDigit(c)) {
                needAlnum = false;
            } else if (c == '-' && !needAlnum) {
                needAlnum = true;
            } else {
                return false;
            }
        }
        return !needAlnum;
    }

    /** {@code [a-z][a-z0-9_]*}. */
    static boolean isAttributeKey(String s) {
        return isEventType(s) && s.indexOf('.') < 0;
    }

    /** {@link #isEventType(String)} on the bytes {@code b[from, to)}, building no String. */
    static boolean isEventType(byte[] b, int from, int to) {
        boolean segmentStart = true;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (segmentStart) {
                if (!isLower(c)) {
                    return false;
                }
                segmentStart = false;
            } else if (c == '.') {
                segmentStart = true;
            } else if (!isLower(c) && !isDigit(c) && c != '_') {
                return false;
            }
        }
        return !segmentStart;
    }

    /** {@link #isAuthority(String)} on the bytes {@code b[from, to)}. */
    static boolean isAuthority(byte[] b, int from, int to) {
        boolean needAlnum = true;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (isLower(c) || isDigit(c)) {
                needAlnum = false;
            } else if (c == '-' && !needAlnum) {
                needAlnum = true;
            } else {
                return false;
            }
        }
        return !needAlnum;
    }

    /** {@link #isAttributeKey(String)} on the bytes {@code b[from, to)}. */
    static boolean isAttributeKey(byte[] b, int from, int to) {
        if (from == to || !isLower(b[from])) {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            byte c = b[i];
            if (!isLower(c) && !isDigit(c) && c != '_') {
                return false;
            }
        }
        return true;
    }

    /** Checks an identifier's grammar and length (1..max ASCII bytes); returns it. */
    static String requireIdentifier(
            String field, String value, int max, Predicate<String> rule, String grammar) {
        requireNonNull(field, value);
        if (!rule.test(value)) {
            throw new IllegalArgumentException(
                    field + " " + quote(value) + " does not match " + grammar);
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(
                    field + " is " + value.length() + " bytes, want 1.." + max);
        }
        return value;
    }

    /**
     * Checks a text field: well-formed UTF-16 (no lone surrogate), no control character
     * (C0, DEL, C1), and a UTF-8 length in min..max bytes; returns it.
     */
    static String requireText(String field, String value, int min, int max) {
        requireNonNull(field, value);
        int n = value.length();
        int ascii = 0;
        while (ascii < n) {
            char c = value.charAt(ascii);
            if (c < 0x20 || c >= 0x7f) {
                break;
            }
            ascii++;
        }
        if (ascii == n && n >= min && n <= max) {
            return value; // printable ASCII: one byte per char, the common case in one pass
        }
        int bad = Utf8.firstLoneSurrogate(value);
        if (bad >= 0) {
            throw new IllegalArgumentException(field + " has a lone surrogate U+"
                    + Integer.toHexString(value.charAt(bad)).toUpperCase() + " at index " + bad);
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(field + " " + quote(value)
                        + " has control character U+" + hex4(value.charAt(i)) + " at index " + i);
            }
        }
        int length = Utf8.length(value);
        if (length < min || length > max) {
            throw new IllegalArgumentException(
                    field + " is " + length + " UTF-8 bytes, want " + min + ".." + max);
        }
        return value;
    }

    /** Microseconds since the epoch; rejects sub-microsecond precision and int64 overflow. */
    static long toMicros(String field, Instant time) {
        requireNonNull(field, time);
        if (time.getNano() % 1000 != 0) {
            throw new IllegalArgumentException(field + " " + time
                    + " has sub-microsecond precision (nanos " + time.getNano() + ")");
        }
        long seconds = time.getEpochSecond();
        long micros = time.getNano() / 1000;
        if (seconds < 0 && micros > 0) {
            // borrow one second so the product cannot overflow at Long.MIN_VALUE microseconds
            seconds++;
            micros -= 1_000_000L;
        }
        try {
            return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), micros);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    field + " " + time + " does not fit in int64 microseconds", e);
        }
    }

    /** The instant {@code micros} microseconds after the epoch; every int64 is representable. */
    static Instant fromMicros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    static void requireNonNull(String field, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is null");
        }
    }

    /** The value in single quotes, with anything outside printable ASCII as {@code \\uXXXX}. */
    static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                sb.append("\\u").append(hex4(c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    static String hex4(char c) {
        return String.format("%04X", (int) c);
    }

    // int, so one helper serves chars and bytes (a byte >= 0x80 is negative and matches nothing)
    private static boolean isLower(int c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
