package dev.flora.ledger.entry;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The v1 layout written the naive way (DataOutputStream, String.getBytes), field by field, with
 * every field open to tampering. It is the reference the fast encoder is tested against, and the
 * tool that builds the invalid vectors. A length of -1 means "the real length".
 */
final class RawEntry {

    int version = 1;
    long index;
    byte[] previousHash = new byte[32];
    long recordedMicros;
    byte[] caseRef;
    int caseRefLength = -1;
    byte[] eventType;
    int eventTypeLength = -1;
    byte[] authority;
    long effectiveMicros;
    int attributeCount = -1;
    final List<Attribute> attributes = new ArrayList<>();
    int flag;
    byte[] commitment;
    byte[] requestId;
    int requestIdLength = -1;
    byte[] trailing = new byte[0];

    /** One attribute: key bytes, type byte, value bytes exactly as written (text incl. length). */
    record Attribute(byte[] key, int keyLength, int type, byte[] value) {
        static Attribute text(String key, byte[] utf8) {
            return new Attribute(ascii(key), -1, 1, prefixed16(utf8, -1));
        }

        static Attribute raw(String key, int type, byte[] value) {
            return new Attribute(ascii(key), -1, type, value);
        }
    }

    /** The reference encoding of {@code e}: attribute order taken from a TreeMap. */
    static RawEntry of(Entry e) {
        RawEntry r = new RawEntry();
        r.index = e.index();
        r.previousHash = e.previousHash().toByteArray();
        r.recordedMicros = micros(e.recordedTime());
        StatusChange c = e.change();
        r.caseRef = utf8(c.caseRef());
        r.eventType = ascii(c.eventType());
        r.authority = ascii(c.issuingAuthority());
        r.effectiveMicros = micros(c.effectiveTime());
        for (Map.Entry<String, AttributeValue> a : c.attributes().asMap().entrySet()) {
            r.attributes.add(attribute(a.getKey(), a.getValue()));
        }
        r.flag = c.payloadCommitment().isPresent() ? 1 : 0;
        r.commitment = c.payloadCommitment().map(d -> d.toByteArray()).orElse(null);
        r.requestId = utf8(c.requestId());
        return r;
    }

    static Attribute attribute(String key, AttributeValue v) {
        if (v instanceof AttributeValue.Text t) {
            return Attribute.text(key, utf8(t.value()));
        }
        if (v instanceof AttributeValue.Int i) {
            return Attribute.raw(key, 2, int64(i.value()));
        }
        return Attribute.raw(key, 3, new byte[] {(byte) (((AttributeValue.Bool) v).value() ? 1 : 0)});
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(version);
            out.writeLong(index);
            out.write(previousHash);
            out.writeLong(recordedMicros);
            out.write(prefixed16(caseRef, caseRefLength));
            out.write(prefixed16(eventType, eventTypeLength));
            out.write(prefixed16(authority, -1));
            out.writeLong(effectiveMicros);
            out.writeByte(attributeCount >= 0 ? attributeCount : attributes.size());
            for (Attribute a : attributes) {
                out.writeByte(a.keyLength() >= 0 ? a.keyLength() : a.key().length);
                out.write(a.key());
                out.writeByte(a.type());
                out.write(a.value());
            }
            out.writeByte(flag);
            if (commitment != null) {
                out.write(commitment);
            }
            out.write(prefixed16(requestId, requestIdLength));
            out.write(trailing);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] prefixed16(byte[] value, int length) {
        int n = length >= 0 ? length : value.length;
        byte[] out = new byte[2 + value.length];
        out[0] = (byte) (n >> 8);
        out[1] = (byte) n;
        System.arraycopy(value, 0, out, 2, value.length);
        return out;
    }

    static byte[] int64(long v) {
        byte[] out = new byte[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = (byte) v;
            v >>= 8;
        }
        return out;
    }

    static long micros(Instant t) {
        return BigInteger.valueOf(t.getEpochSecond()).multiply(BigInteger.valueOf(1_000_000))
                .add(BigInteger.valueOf(t.getNano() / 1000)).longValueExact();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
