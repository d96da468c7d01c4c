package dev.flora.ledger.entry;

import static dev.flora.ledger.entry.EntryFormatError.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The invalid golden vectors: tampered variants of the valid ones, each with the reason the
 * decoder MUST give. Built from {@link RawEntry}, so every other field stays valid.
 */
final class TamperedVectors {

    record Invalid(String description, byte[] bytes, EntryFormatError error) {
    }

    private final List<Invalid> out = new ArrayList<>();
    private final byte[] decision = EntryCodec.encode(GoldenVectors.decision());

    private TamperedVectors() {
    }

    static List<Invalid> all() {
        TamperedVectors t = new TamperedVectors();
        t.bitFlipsAndTruncations();
        t.lengthPrefixes();
        t.textRules();
        t.attributeRules();
        t.headerRules();
        return t.out;
    }

    private void bitFlipsAndTruncations() {
        add("version bit 0 flipped (0x00)", flip(decision, 0, 0), UNKNOWN_VERSION);
        add("version bit 7 flipped (0x81)", flip(decision, 0, 7), UNKNOWN_VERSION);
        add("version 0x02", raw(r -> r.version = 2), UNKNOWN_VERSION);
        add("empty input", new byte[0], TRUNCATED);
        add("truncated inside the index (5 bytes)", cut(decision, 5), TRUNCATED);
        add("truncated inside the previous hash (20 bytes)", cut(decision, 20), TRUNCATED);
        add("truncated inside the case reference (52 bytes)", cut(decision, 52), TRUNCATED);
        add("truncated inside the attributes (120 bytes)", cut(decision, 120), TRUNCATED);
        add("last byte of the request id missing", cut(decision, decision.length - 1),
                TRUNCATED);
        add("one trailing zero byte", raw(r -> r.trailing = new byte[1]), TRAILING_BYTES);
    }

    private void lengthPrefixes() {
        add("case reference length 0", raw(r -> r.caseRefLength = 0), BAD_LENGTH);
        add("case reference length 129", raw(r -> r.caseRefLength = 129), BAD_LENGTH);
        add("event type length one too long (swallows the next length byte)",
                raw(r -> r.eventTypeLength = r.eventType.length + 1), INVALID_IDENTIFIER);
        add("event type length 65", raw(r -> r.eventTypeLength = 65), BAD_LENGTH);
        add("request id length beyond the end", raw(r -> r.requestIdLength = 100), TRUNCATED);
        add("attribute key length 0", raw(r -> r.attributes.set(0, withKeyLength(
                r.attributes.get(0), 0))), BAD_LENGTH);
        add("text attribute length 1025", raw(r -> r.attributes.add(RawEntry.Attribute.raw(
                "zz", 1, RawEntry.prefixed16(new byte[1025], -1)))), BAD_LENGTH);
    }

    private void textRules() {
        add("invalid UTF-8 byte 0xFF in the case reference",
                raw(r -> r.caseRef = bytes("c-", 0xFF, "1")), INVALID_UTF8);
        add("overlong UTF-8 for '/' (0xC0 0xAF) in the case reference",
                raw(r -> r.caseRef = bytes("c-", 0xC0, 0xAF, "1")), INVALID_UTF8);
        add("UTF-8 encoded surrogate U+D800 (0xED 0xA0 0x80) in the request id",
                raw(r -> r.requestId = bytes("r-", 0xED, 0xA0, 0x80)), INVALID_UTF8);
        add("UTF-8 sequence cut short at the end of the case reference",
                raw(r -> r.caseRef = bytes("c-", 0xE2, 0x82)), INVALID_UTF8);
        add("line feed (C0 control) in the case reference",
                raw(r -> r.caseRef = bytes("c-", 0x0A, "1")), CONTROL_CHARACTER);
        add("NEL U+0085 (C1 control) in a text attribute", raw(r -> r.attributes.set(3,
                RawEntry.Attribute.text("outcome", bytes("a", 0xC2, 0x85)))), CONTROL_CHARACTER);
        add("upper-case event type 'Decision_issued'",
                raw(r -> r.eventType = bytes("Decision_issued")), INVALID_IDENTIFIER);
        add("authority with a doubled hyphen 'bamf--dresden'",
                raw(r -> r.authority = bytes("bamf--dresden")), INVALID_IDENTIFIER);
    }

    private void attributeRules() {
        add("attribute keys out of order", raw(r -> swap(r, 0, 1)), NON_CANONICAL_ORDER);
        add("duplicate attribute key", raw(r -> r.attributes.set(1, r.attributes.get(0))),
                NON_CANONICAL_ORDER);
        add("non-ASCII byte in an attribute key", raw(r -> r.attributes.set(0,
                new RawEntry.Attribute(bytes("appeal_", 0xC3, 0xA4), -1, 2, new byte[8]))),
                INVALID_IDENTIFIER);
        add("bool attribute 0x02", raw(r -> r.attributes.set(1,
                RawEntry.Attribute.raw("hearing_held", 3, new byte[] {2}))), BAD_BOOLEAN);
        add("unknown attribute type 0x04", raw(r -> r.attributes.set(1,
                RawEntry.Attribute.raw("hearing_held", 4, new byte[] {1}))),
                UNKNOWN_ATTRIBUTE_TYPE);
        add("attribute type 0x00", raw(r -> r.attributes.set(1,
                RawEntry.Attribute.raw("hearing_held", 0, new byte[] {1}))),
                UNKNOWN_ATTRIBUTE_TYPE);
        add("33 attributes", raw(r -> {
            r.attributes.clear();
            for (int i = 0; i < 33; i++) {
                r.attributes.add(RawEntry.Attribute.raw(String.format("k%02d", i), 3,
                        new byte[] {1}));
            }
        }), TOO_MANY_ATTRIBUTES);
    }

    private void headerRules() {
        add("payload commitment flag 0x02", raw(r -> r.flag = 2), BAD_FLAG);
        add("commitment flag 0x01 without the 32 bytes: the request id is read as the digest "
                + "and its last two bytes as a length", raw(r -> r.flag = 1), BAD_LENGTH);
        add("index with the sign bit set", flip(decision, 1, 7), NEGATIVE_INDEX);
        byte[] genesis = EntryCodec.encode(GoldenVectors.genesis());
        add("genesis entry with one previous-hash bit set", flip(genesis, 40, 0),
                NONZERO_GENESIS_PREVIOUS_HASH);
    }

    private void add(String description, byte[] bytes, EntryFormatError error) {
        out.add(new Invalid(description, bytes, error));
    }

    private byte[] raw(Consumer<RawEntry> tamper) {
        RawEntry r = RawEntry.of(GoldenVectors.decision());
        tamper.accept(r);
        return r.toBytes();
    }

    private static RawEntry.Attribute withKeyLength(RawEntry.Attribute a, int length) {
        return new RawEntry.Attribute(a.key(), length, a.type(), a.value());
    }

    private static void swap(RawEntry r, int i, int j) {
        RawEntry.Attribute a = r.attributes.get(i);
        r.attributes.set(i, r.attributes.get(j));
        r.attributes.set(j, a);
    }

    private static byte[] flip(byte[] b, int offset, int bit) {
        byte[] c = b.clone();
        c[offset] ^= (byte) (1 << bit);
        return c;
    }

    private static byte[] cut(byte[] b, int length) {
        return Arrays.copyOf(b, length);
    }

    /** Concatenates ASCII strings and single byte values. */
    private static byte[] bytes(Object... parts) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            sb.append(p instanceof Integer i ? String.valueOf((char) (int) i) : (String) p);
        }
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
