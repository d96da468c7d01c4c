package dev.flora.ledger.entry;

import static dev.flora.ledger.entry.EntryFormatError.BAD_BOOLEAN;
import static dev.flora.ledger.entry.EntryFormatError.BAD_FLAG;
import static dev.flora.ledger.entry.EntryFormatError.BAD_LENGTH;
import static dev.flora.ledger.entry.EntryFormatError.CONTROL_CHARACTER;
import static dev.flora.ledger.entry.EntryFormatError.INVALID_IDENTIFIER;
import static dev.flora.ledger.entry.EntryFormatError.INVALID_UTF8;
import static dev.flora.ledger.entry.EntryFormatError.NEGATIVE_INDEX;
import static dev.flora.ledger.entry.EntryFormatError.NONZERO_GENESIS_PREVIOUS_HASH;
import static dev.flora.ledger.entry.EntryFormatError.NON_CANONICAL_ORDER;
import static dev.flora.ledger.entry.EntryFormatError.TOO_MANY_ATTRIBUTES;
import static dev.flora.ledger.entry.EntryFormatError.TRAILING_BYTES;
import static dev.flora.ledger.entry.EntryFormatError.TRUNCATED;
import static dev.flora.ledger.entry.EntryFormatError.UNKNOWN_ATTRIBUTE_TYPE;

import dev.flora.ledger.hash.Digest;
import java.nio.charset.StandardCharsets;

/**
 * A read position in v1 bytes with the framing both {@link EntryReader} (decode) and
 * {@link EntryValidator} (validate) walk: fixed-width fields, length prefixes, the checks that
 * need no object, and every failure message. Sharing it is what makes the two report the same
 * reason, offset and message. Text and identifier contents are checked by the callers. Messages
 * are built only on failure. Not thread-safe; one per input.
 */
final class WireCursor {

    private final byte[] b;
    private int pos;
    /** Offset of the length prefix of the field read last, where messages locate that field. */
    private int fieldAt;
    /** Offset and length of the key whose value is being read, so messages name it; -1 outside. */
    private int keyStart = -1;
    private int keyLength;

    WireCursor(byte[] encoded) {
        if (encoded == null) {
            throw new IllegalArgumentException("encoded entry is null");
        }
        this.b = encoded;
    }

    byte[] bytes() {
        return b;
    }

    int position() {
        return pos;
    }

    /** The offset of the length prefix of the last {@link #field16} or {@link #field8}. */
    int fieldAt() {
        return fieldAt;
    }

    static EntryFormatException unknownVersion(byte version) {
        return fail(EntryFormatError.UNKNOWN_VERSION, 0, String.format(
                "format version 0x%02x at offset 0 is unknown, want 0x01", version & 0xFF));
    }

    void version() throws EntryFormatException {
        require("format version", "", 1);
        if (b[0] != EntryCodec.VERSION) {
            throw unknownVersion(b[0]);
        }
        pos = 1;
    }

    long index() throws EntryFormatException {
        long index = int64("index");
        if (index < 0) {
            throw fail(NEGATIVE_INDEX, pos - 8, "index " + index + " at offset " + (pos - 8)
                    + " is negative");
        }
        return index;
    }

    /** Skips the previous hash, which MUST be all zero for entry 0; returns its offset. */
    int previousHash(long index) throws EntryFormatException {
        int at = skip("previous hash", Digest.LENGTH);
        if (index == 0 && !isZero(at, Digest.LENGTH)) {
            throw fail(NONZERO_GENESIS_PREVIOUS_HASH, at, "previous hash " + Digest.of(b, at)
                    + " at offset " + at + " of entry 0 is not 32 zero bytes");
        }
        return at;
    }

    int attributeCount() throws EntryFormatException {
        int at = pos;
        int count = u8("attribute count", "");
        if (count > FieldRules.MAX_ATTRIBUTES) {
            throw fail(TOO_MANY_ATTRIBUTES, at, "attribute count " + count + " at offset " + at
                    + " is above " + FieldRules.MAX_ATTRIBUTES);
        }
        return count;
    }

    /** Names the current attribute in messages; {@link #leaveAttribute()} after its value. */
    void enterAttribute(int keyStart, int keyEnd) {
        this.keyStart = keyStart;
        this.keyLength = keyEnd - keyStart;
    }

    void leaveAttribute() {
        keyStart = -1;
    }

    /** The type byte of the current attribute's value, one of 0x01..0x03. */
    int attributeType() throws EntryFormatException {
        int at = pos;
        int type = u8("type", "");
        if (type < EntryCodec.TYPE_TEXT || type > EntryCodec.TYPE_BOOL) {
            throw fail(UNKNOWN_ATTRIBUTE_TYPE, at, String.format("%s 0x%02x at offset %d is "
                    + "unknown, want 0x01..0x03", name("type"), type, at));
        }
        return type;
    }

    boolean bool() throws EntryFormatException {
        int at = pos;
        int v = u8("bool", "");
        if (v > 1) {
            throw fail(BAD_BOOLEAN, at, String.format("%s 0x%02x at offset %d is not 0x00 or "
                    + "0x01", name("bool"), v, at));
        }
        return v == 1;
    }

    /** True when a payload commitment follows. */
    boolean commitmentFlag() throws EntryFormatException {
        int at = pos;
        int flag = u8("payload commitment flag", "");
        if (flag > 1) {
            throw fail(BAD_FLAG, at, String.format("payload commitment flag 0x%02x at offset %d "
                    + "is not 0x00 or 0x01", flag, at));
        }
        return flag == 1;
    }

    /**
     * Reads a u16 length in min..max and skips that many content bytes; returns the content's
     * offset. The content ends at {@link #position()}.
     */
    int field16(String field, int min, int max) throws EntryFormatException {
        fieldAt = pos;
        return content(field, u16(field, " length"), min, max);
    }

    /** As {@link #field16} with a u8 length. */
    int field8(String field, int min, int max) throws EntryFormatException {
        fieldAt = pos;
        return content(field, u8(field, " length"), min, max);
    }

    private int content(String field, int length, int min, int max)
            throws EntryFormatException {
        if (length < min || length > max) {
            throw fail(BAD_LENGTH, fieldAt, name(field) + " length " + length + " at offset "
                    + fieldAt + " is outside " + min + ".." + max);
        }
        return skip(field, length);
    }

    /** Fails unless nothing follows the request id. */
    void end() throws EntryFormatException {
        if (pos != b.length) {
            throw fail(TRAILING_BYTES, pos, (b.length - pos) + " trailing bytes at offset " + pos
                    + " after the request id");
        }
    }

    long int64(String field) throws EntryFormatException {
        require(field, "", 8);
        long v = (long) EntryCodec.LONG.get(b, pos);
        pos += 8;
        return v;
    }

    /** Skips n bytes of {@code field}; returns where they start. */
    int skip(String field, int n) throws EntryFormatException {
        require(field, "", n);
        int start = pos;
        pos += n;
        return start;
    }

    private int u8(String field, String part) throws EntryFormatException {
        require(field, part, 1);
        return b[pos++] & 0xFF;
    }

    private int u16(String field, String part) throws EntryFormatException {
        require(field, part, 2);
        int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    /** Fails unless n bytes remain; {@code part} names a sub-field (" length") or is "". */
    private void require(String field, String part, int n) throws EntryFormatException {
        if (b.length - pos < n) {
            throw fail(TRUNCATED, pos, name(field) + part + " at offset " + pos + " needs " + n
                    + " bytes, only " + (b.length - pos) + " remain");
        }
    }

    private boolean isZero(int from, int length) {
        int or = 0;
        for (int i = from; i < from + length; i++) {
            or |= b[i];
        }
        return or == 0;
    }

    /** Bytes as Latin-1: byte v becomes U+00vv, so a message can show any byte. */
    String latin1(int start, int end) {
        return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }

    // The failures below are about the field read last, located by fieldAt().

    EntryFormatException invalidIdentifier(String field, String value, String grammar) {
        return fail(INVALID_IDENTIFIER, fieldAt, field + " " + FieldRules.quote(value)
                + " at offset " + fieldAt + " does not match " + grammar);
    }

    EntryFormatException outOfOrder(String key, String previousKey) {
        return fail(NON_CANONICAL_ORDER, fieldAt, "attribute key " + FieldRules.quote(key)
                + " at offset " + fieldAt + " is not after " + FieldRules.quote(previousKey));
    }

    EntryFormatException invalidUtf8(String field, int bad) {
        return fail(INVALID_UTF8, bad, String.format("%s at offset %d has invalid UTF-8 byte "
                + "0x%02x at offset %d", name(field), fieldAt, b[bad] & 0xFF, bad));
    }

    EntryFormatException control(String field, int control) {
        return fail(CONTROL_CHARACTER, control, String.format("%s at offset %d has control "
                + "byte 0x%02x at offset %d", name(field), fieldAt, b[control] & 0xFF, control));
    }

    /** The field's name for a message, qualified by the attribute key inside attributes. */
    private String name(String field) {
        return keyStart < 0 ? field : "attribute "
                + FieldRules.quote(latin1(keyStart, keyStart + keyLength)) + " " + field;
    }

    private static EntryFormatException fail(EntryFormatError reason, int offset, String msg) {
        return new EntryFormatException(reason, offset, msg);
    }
}
