package dev.flora.ledger.entry;

import java.nio.charset.StandardCharsets;

/** Prints an encoding field by field (offset, hex, meaning) for the worked example in docs/. */
final class EntryAnnotator {

    private final byte[] bytes;
    private final StringBuilder out = new StringBuilder();
    private int pos;

    private EntryAnnotator(byte[] bytes) {
        this.bytes = bytes;
    }

    static String annotate(Entry e) {
        EntryAnnotator a = new EntryAnnotator(EntryCodec.encode(e));
        StatusChange c = e.change();
        a.field(1, "format version 1");
        a.field(8, "index " + e.index());
        a.field(32, "previous hash");
        a.field(8, "recorded time " + e.recordedTime() + " in microseconds");
        a.text("case reference", c.caseRef());
        a.text("event type", c.eventType());
        a.text("issuing authority", c.issuingAuthority());
        a.field(8, "effective time " + c.effectiveTime() + " in microseconds");
        a.field(1, "attribute count " + c.attributes().size());
        for (int i = 0; i < c.attributes().size(); i++) {
            String key = c.attributes().keyAt(i);
            a.field(1, "key length " + key.length());
            a.field(key.length(), "key \"" + key + "\"");
            a.value(c.attributes().valueAt(i));
        }
        a.field(1, c.payloadCommitment().isPresent() ? "commitment present" : "no commitment");
        c.payloadCommitment().ifPresent(d -> a.field(32, "payload commitment"));
        a.text("request id", c.requestId());
        if (a.pos != a.bytes.length) {
            throw new IllegalStateException("annotated " + a.pos + " of " + a.bytes.length);
        }
        return a.out.toString();
    }

    private void value(AttributeValue v) {
        if (v instanceof AttributeValue.Text t) {
            field(1, "type 0x01 text");
            text("text value", t.value());
        } else if (v instanceof AttributeValue.Int i) {
            field(1, "type 0x02 int");
            field(8, "int " + i.value());
        } else {
            field(1, "type 0x03 bool");
            field(1, "bool " + ((AttributeValue.Bool) v).value());
        }
    }

    private void text(String name, String value) {
        int length = value.getBytes(StandardCharsets.UTF_8).length;
        field(2, name + " length " + length);
        field(length, name + " \"" + value + "\"");
    }

    private void field(int length, String meaning) {
        String hex = GoldenVectorGenerator.HEX.formatHex(bytes, pos, pos + length);
        out.append(String.format("%4d  %-64s  %s%n", pos, hex, meaning));
        pos += length;
    }
}
