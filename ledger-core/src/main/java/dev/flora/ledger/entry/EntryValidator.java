package dev.flora.ledger.entry;

import dev.flora.ledger.hash.Digest;
import java.util.Arrays;

/**
 * Checks v1 bytes against every rule {@link EntryReader} checks, in the same order and through
 * the same {@link WireCursor}, so the first problem is reported with the same reason, offset and
 * message; but it builds nothing: identifiers are matched on their bytes and text is checked
 * by a strict UTF-8 scan over the bytes, with a fast path for printable ASCII. Not thread-safe;
 * one per input.
 */
final class EntryValidator {

    private final WireCursor in;
    private final byte[] b;

    EntryValidator(byte[] encoded) {
        this.in = new WireCursor(encoded);
        this.b = encoded;
    }

    void validate() throws EntryFormatException {
        in.version();
        in.previousHash(in.index());
        in.int64("recorded time");
        text("case reference", 1, FieldRules.MAX_CASE_REF_BYTES);
        int start = in.field16("event type", 1, FieldRules.MAX_EVENT_TYPE_BYTES);
        if (!FieldRules.isEventType(b, start, in.position())) {
            throw invalidIdentifier("event type", start, FieldRules.EVENT_TYPE_GRAMMAR);
        }
        start = in.field16("issuing authority", 1, FieldRules.MAX_AUTHORITY_BYTES);
        if (!FieldRules.isAuthority(b, start, in.position())) {
            throw invalidIdentifier("issuing authority", start, FieldRules.AUTHORITY_GRAMMAR);
        }
        in.int64("effective time");
        attributes();
        if (in.commitmentFlag()) {
            in.skip("payload commitment", Digest.LENGTH);
        }
        text("request id", 1, FieldRules.MAX_REQUEST_ID_BYTES);
        in.end();
    }

    private void attributes() throws EntryFormatException {
        int count = in.attributeCount();
        int previousStart = 0;
        int previousEnd = 0;
        for (int i = 0; i < count; i++) {
            int start = in.field8("attribute key", 1, FieldRules.MAX_KEY_BYTES);
            int end = in.position();
            if (!FieldRules.isAttributeKey(b, start, end)) {
                throw invalidIdentifier("attribute key", start, FieldRules.KEY_GRAMMAR);
            }
            // unsigned byte order is String order for the Latin-1 keys EntryReader compares
            if (i > 0 && Arrays.compareUnsigned(b, previousStart, previousEnd, b, start, end) >= 0) {
                throw in.outOfOrder(in.latin1(start, end), in.latin1(previousStart, previousEnd));
            }
            in.enterAttribute(start, end);
            attributeValue();
            in.leaveAttribute();
            previousStart = start;
            previousEnd = end;
        }
    }

    private void attributeValue() throws EntryFormatException {
        switch (in.attributeType()) {
            case EntryCodec.TYPE_TEXT -> text("text", 0, FieldRules.MAX_TEXT_BYTES);
            case EntryCodec.TYPE_INT -> in.int64("int");
            default -> in.bool();
        }
    }

    private EntryFormatException invalidIdentifier(String field, int start, String grammar) {
        return in.invalidIdentifier(field, in.latin1(start, in.position()), grammar);
    }

    /** A u16-length-prefixed strict UTF-8 field without control characters. */
    private void text(String field, int min, int max) throws EntryFormatException {
        int start = in.field16(field, min, max);
        int end = in.position();
        int i = start;
        while (i < end && b[i] >= 0x20 && b[i] != 0x7F) { // printable ASCII; >= 0x80 is negative
            i++;
        }
        if (i < end) {
            checkUtf8(field, i, end);
        }
    }

    /**
     * Checks {@code b[from, end)} code point by code point. Decode reports invalid UTF-8 anywhere
     * in a field before a control character, so the first control waits for the end.
     */
    private void checkUtf8(String field, int from, int end) throws EntryFormatException {
        int control = -1;
        for (int i = from; i < end; ) {
            int n = Utf8.sequenceLength(b, i, end);
            if (n == 0) {
                throw in.invalidUtf8(field, i);
            }
            if (control < 0 && Utf8.isControl(Utf8.codePoint(b, i, n))) {
                control = i;
            }
            i += n;
        }
        if (control >= 0) {
            throw in.control(field, control);
        }
    }
}
