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
import static dev.flora.ledger.entry.EntryFormatError.UNKNOWN_VERSION;

import dev.flora.ledger.hash.Digest;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One pass over v1 bytes, field by field in wire order; the first problem found is reported with
 * the offset of the field (or of the offending byte inside it). Not thread-safe; one per input.
 */
final class EntryReader {

    private final byte[] b;
    private int pos;
    /** The key whose value is being read, so messages can name it; null outside attributes. */
    private String key;

    EntryReader(byte[] encoded) {
        if (encoded == null) {
            throw new IllegalArgumentException("encoded entry is null");
        }
        this.b = encoded;
    }

    static EntryFormatException unknownVersion(byte version) {
        return new EntryFormatException(UNKNOWN_VERSION, 0, String.format(
                "format version 0x%02x at offset 0 is unknown, want 0x01", version & 0xFF));
    }

    Entry entry() throws EntryFormatException {
        require("format version", "", 1);
        if (b[0] != EntryCodec.VERSION) {
            throw unknownVersion(b[0]);
        }
        pos = 1;
        long index = int64("index");
        if (index < 0) {
            throw fail(NEGATIVE_INDEX, pos - 8, "index " + index + " at offset " + (pos - 8)
                    + " is negative");
        }
        Digest previous = digest("previous hash");
        if (index == 0 && !previous.equals(Digest.zero())) {
            throw fail(NONZERO_GENESIS_PREVIOUS_HASH, pos - Digest.LENGTH, "previous hash "
                    + previous + " at offset " + (pos - Digest.LENGTH)
                    + " of entry 0 is not 32 zero bytes");
        }
        long recorded = int64("recorded time");
        StatusChange change = statusChange();
        if (pos != b.length) {
            throw fail(TRAILING_BYTES, pos, (b.length - pos) + " trailing bytes at offset " + pos
                    + " after the request id");
        }
        return new Entry(index, previous, FieldRules.fromMicros(recorded), change);
    }

    private StatusChange statusChange() throws EntryFormatException {
        String caseRef = text("case reference", 1, FieldRules.MAX_CASE_REF_BYTES);
        String eventType = identifier("event type", FieldRules.MAX_EVENT_TYPE_BYTES,
                FieldRules::isEventType, FieldRules.EVENT_TYPE_GRAMMAR);
        String authority = identifier("issuing authority", FieldRules.MAX_AUTHORITY_BYTES,
                FieldRules::isAuthority, FieldRules.AUTHORITY_GRAMMAR);
        long effective = int64("effective time");
        Attributes attributes = attributes();
        Optional<Digest> commitment = commitment();
        String requestId = text("request id", 1, FieldRules.MAX_REQUEST_ID_BYTES);
        return new StatusChange(caseRef, eventType, authority, FieldRules.fromMicros(effective),
                attributes, commitment, requestId);
    }

    private Attributes attributes() throws EntryFormatException {
        int countAt = pos;
        int count = u8("attribute count", "");
        if (count > FieldRules.MAX_ATTRIBUTES) {
            throw fail(TOO_MANY_ATTRIBUTES, countAt, "attribute count " + count + " at offset "
                    + countAt + " is above " + FieldRules.MAX_ATTRIBUTES);
        }
        String[] keys = new String[count];
        AttributeValue[] values = new AttributeValue[count];
        for (int i = 0; i < count; i++) {
            int keyAt = pos;
            keys[i] = attributeKey();
            if (i > 0 && keys[i - 1].compareTo(keys[i]) >= 0) {
                throw fail(NON_CANONICAL_ORDER, keyAt, "attribute key "
                        + FieldRules.quote(keys[i]) + " at offset " + keyAt + " is not after "
                        + FieldRules.quote(keys[i - 1]));
            }
            key = keys[i];
            values[i] = attributeValue();
            key = null;
        }
        return Attributes.ofSorted(keys, values);
    }

    private String attributeKey() throws EntryFormatException {
        int at = pos;
        int length = u8("attribute key", " length");
        return identifierBytes("attribute key", at, length, FieldRules.MAX_KEY_BYTES,
                FieldRules::isAttributeKey, FieldRules.KEY_GRAMMAR);
    }

    private AttributeValue attributeValue() throws EntryFormatException {
        int typeAt = pos;
        int type = u8("type", "");
        switch (type) {
            case EntryCodec.TYPE_TEXT:
                return AttributeValue.text(text("text", 0, FieldRules.MAX_TEXT_BYTES));
            case EntryCodec.TYPE_INT:
                return AttributeValue.of(int64("int"));
            case EntryCodec.TYPE_BOOL:
                int at = pos;
                int v = u8("bool", "");
                if (v > 1) {
                    throw fail(BAD_BOOLEAN, at, String.format("%s 0x%02x at offset %d is "
                            + "not 0x00 or 0x01", name("bool"), v, at));
                }
                return AttributeValue.of(v == 1);
            default:
                throw fail(UNKNOWN_ATTRIBUTE_TYPE, typeAt, String.format("%s 0x%02x at "
                        + "offset %d is unknown, want 0x01..0x03", name("type"), type, typeAt));
        }
    }

    /** The field's name for a message, qualified by the attribute key inside attributes. */
    private String name(String field) {
        return key == null ? field : "attribute " + FieldRules.quote(key) + " " + field;
    }

    private Optional<Digest> commitment() throws EntryFormatException {
        int at = pos;
        int flag = u8("payload commitment flag", "");
        if (flag > 1) {
            throw fail(BAD_FLAG, at, String.format("payload commitment flag 0x%02x at offset %d "
                    + "is not 0x00 or 0x01", flag, at));
        }
        return flag == 1 ? Optional.of(digest("payload commitment")) : Optional.empty();
    }

    /** A u16-length-prefixed strict UTF-8 field without control characters. */
    private String text(String field, int min, int max) throws EntryFormatException {
        int at = pos;
        int length = u16(field, " length");
        checkLength(field, at, length, min, max);
        require(field, "", length);
        int start = pos;
        int end = start + length;
        String s = Utf8.isAscii(b, start, end)
                ? new String(b, start, length, StandardCharsets.US_ASCII)
                : strictUtf8(field, at, start, length);
        int control = Utf8.firstControl(b, start, end);
        if (control >= 0) {
            throw fail(CONTROL_CHARACTER, control, String.format("%s at offset %d has control "
                    + "byte 0x%02x at offset %d", name(field), at, b[control] & 0xFF, control));
        }
        pos = end;
        return s;
    }

    private String strictUtf8(String field, int at, int start, int length)
            throws EntryFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b, start, length);
        CharBuffer out = CharBuffer.allocate(length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int bad = in.position();
            throw fail(INVALID_UTF8, bad, String.format("%s at offset %d has invalid UTF-8 "
                    + "byte 0x%02x at offset %d", name(field), at, b[bad] & 0xFF, bad));
        }
        return out.flip().toString();
    }

    /** A u16-length-prefixed ASCII identifier. */
    private String identifier(String field, int max, Predicate<String> rule, String grammar)
            throws EntryFormatException {
        int at = pos;
        int length = u16(field, " length");
        return identifierBytes(field, at, length, max, rule, grammar);
    }

    private String identifierBytes(String field, int at, int length, int max,
            Predicate<String> rule, String grammar) throws EntryFormatException {
        checkLength(field, at, length, 1, max);
        require(field, "", length);
        // Latin-1 maps byte v to U+00vv: no grammar admits v >= 0x80, and a message shows it
        String s = new String(b, pos, length, StandardCharsets.ISO_8859_1);
        if (!rule.test(s)) {
            throw fail(INVALID_IDENTIFIER, at, field + " " + FieldRules.quote(s) + " at offset "
                    + at + " does not match " + grammar);
        }
        pos += length;
        return s;
    }

    private void checkLength(String field, int at, int length, int min, int max)
            throws EntryFormatException {
        if (length < min || length > max) {
            throw fail(BAD_LENGTH, at, name(field) + " length " + length + " at offset " + at
                    + " is outside " + min + ".." + max);
        }
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

    private long int64(String field) throws EntryFormatException {
        require(field, "", 8);
        long v = (long) EntryCodec.LONG.get(b, pos);
        pos += 8;
        return v;
    }

    private Digest digest(String field) throws EntryFormatException {
        require(field, "", Digest.LENGTH);
        Digest d = Digest.of(b, pos);
        pos += Digest.LENGTH;
        return d;
    }

    /** Fails unless n bytes remain; {@code part} names a sub-field (" length") or is "". */
    private void require(String field, String part, int n) throws EntryFormatException {
        if (b.length - pos < n) {
            throw fail(TRUNCATED, pos, name(field) + part + " at offset " + pos + " needs " + n
                    + " bytes, only " + (b.length - pos) + " remain");
        }
    }

    private static EntryFormatException fail(EntryFormatError reason, int offset, String msg) {
        return new EntryFormatException(reason, offset, msg);
    }
}
