package dev.flora.ledger.entry;

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
 * One pass over v1 bytes, field by field in wire order, building the entry; the first problem
 * found is reported with the offset of the field (or of the offending byte inside it). The
 * framing is {@link WireCursor}'s; text is decoded by the JDK's strict UTF-8 decoder and
 * identifiers are checked as Strings, so that {@link EntryValidator}'s byte-level checks have an
 * independent reference to be tested against. Not thread-safe; one per input.
 */
final class EntryReader {

    private final WireCursor in;
    private final byte[] b;

    EntryReader(byte[] encoded) {
        this.in = new WireCursor(encoded);
        this.b = encoded;
    }

    Entry entry() throws EntryFormatException {
        in.version();
        long index = in.index();
        int previousAt = in.previousHash(index);
        long recorded = in.int64("recorded time");
        StatusChange change = statusChange();
        in.end();
        return new Entry(index, Digest.of(b, previousAt), FieldRules.fromMicros(recorded),
                change);
    }

    private StatusChange statusChange() throws EntryFormatException {
        String caseRef = text("case reference", 1, FieldRules.MAX_CASE_REF_BYTES);
        String eventType = identifier("event type", in.field16("event type", 1,
                FieldRules.MAX_EVENT_TYPE_BYTES), FieldRules::isEventType,
                FieldRules.EVENT_TYPE_GRAMMAR);
        String authority = identifier("issuing authority", in.field16("issuing authority", 1,
                FieldRules.MAX_AUTHORITY_BYTES), FieldRules::isAuthority,
                FieldRules.AUTHORITY_GRAMMAR);
        long effective = in.int64("effective time");
        Attributes attributes = attributes();
        Optional<Digest> commitment = in.commitmentFlag()
                ? Optional.of(Digest.of(b, in.skip("payload commitment", Digest.LENGTH)))
                : Optional.empty();
        String requestId = text("request id", 1, FieldRules.MAX_REQUEST_ID_BYTES);
        return new StatusChange(caseRef, eventType, authority, FieldRules.fromMicros(effective),
                attributes, commitment, requestId);
    }

    private Attributes attributes() throws EntryFormatException {
        int count = in.attributeCount();
        String[] keys = new String[count];
        AttributeValue[] values = new AttributeValue[count];
        for (int i = 0; i < count; i++) {
            int start = in.field8("attribute key", 1, FieldRules.MAX_KEY_BYTES);
            keys[i] = identifier("attribute key", start, FieldRules::isAttributeKey,
                    FieldRules.KEY_GRAMMAR);
            if (i > 0 && keys[i - 1].compareTo(keys[i]) >= 0) {
                throw in.outOfOrder(keys[i], keys[i - 1]);
            }
            in.enterAttribute(start, in.position());
            values[i] = attributeValue();
            in.leaveAttribute();
        }
        return Attributes.ofSorted(keys, values);
    }

    private AttributeValue attributeValue() throws EntryFormatException {
        switch (in.attributeType()) {
            case EntryCodec.TYPE_TEXT:
                return AttributeValue.text(text("text", 0, FieldRules.MAX_TEXT_BYTES));
            case EntryCodec.TYPE_INT:
                return AttributeValue.of(in.int64("int"));
            default:
                return AttributeValue.of(in.bool());
        }
    }

    /** A u16-length-prefixed strict UTF-8 field without control characters. */
    private String text(String field, int min, int max) throws EntryFormatException {
        int start = in.field16(field, min, max);
        int end = in.position();
        String s = Utf8.isAscii(b, start, end)
                ? new String(b, start, end - start, StandardCharsets.US_ASCII)
                : strictUtf8(field, start, end);
        int control = Utf8.firstControl(b, start, end);
        if (control >= 0) {
            throw in.control(field, control);
        }
        return s;
    }

    private String strictUtf8(String field, int start, int end) throws EntryFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer input = ByteBuffer.wrap(b, start, end - start);
        CharBuffer out = CharBuffer.allocate(end - start);
        CoderResult result = decoder.decode(input, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw in.invalidUtf8(field, input.position());
        }
        return out.flip().toString();
    }

    /** The identifier whose bytes the cursor just skipped, checked against its grammar. */
    private String identifier(String field, int start, Predicate<String> rule, String grammar)
            throws EntryFormatException {
        int end = in.position();
        // Latin-1 maps byte v to U+00vv: no grammar admits v >= 0x80, and a message shows it
        String s = in.latin1(start, end);
        if (!rule.test(s)) {
            throw in.invalidIdentifier(field, s, grammar);
        }
        return s;
    }
}
