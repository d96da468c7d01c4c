package dev.flora.ledger.entry;

import dev.flora.ledger.hash.Digest;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The canonical v1 binary form of an {@link Entry}. All integers are big-endian two's complement.
 *
 * <pre>
 *  #  field               bytes
 *  1  format version      u8 = 0x01
 *  2  index               int64, >= 0
 *  3  previous hash       32: leaf hash of entry index-1; 32 zero bytes for index 0
 *  4  recorded time       int64 microseconds since 1970-01-01T00:00:00Z (may be negative)
 *  5  case reference      u16 length 1..128, UTF-8, no control characters
 *  6  event type          u16 length 1..64, ASCII [a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*
 *  7  issuing authority   u16 length 1..64, ASCII [a-z0-9]+(-[a-z0-9]+)*
 *  8  effective time      int64 microseconds since the epoch
 *  9  attribute count     u8, 0..32
 * 10  attributes          per attribute, keys strictly ascending by byte value:
 *                           key   u8 length 1..64, ASCII [a-z][a-z0-9_]*
 *                           type  u8: 0x01 text, 0x02 int, 0x03 bool
 *                           value text: u16 length 0..1024, UTF-8, no control characters
 *                                 int:  int64
 *                                 bool: u8 0x00 or 0x01
 * 11  payload commitment  u8 flag 0x00 absent / 0x01 present, then 32 bytes if present
 * 12  request id          u16 length 1..128, UTF-8, no control characters
 * </pre>
 *
 * <p>Nothing follows the request id. Lengths count bytes. UTF-8 MUST be strict (no overlong
 * forms, no encoded surrogates, nothing above U+10FFFF); "control characters" are U+0000..U+001F,
 * U+007F and U+0080..U+009F. One entry has exactly one encoding and
 * {@code decode(encode(e)).equals(e)}; every byte string {@link #decode} accepts re-encodes to
 * itself. The leaf hash of an entry is {@code SHA-256(0x00 || encode(e))}.
 *
 * <table>
 *   <caption>Entry points</caption>
 *   <tr><th>method</th><th>checks</th><th>builds</th></tr>
 *   <tr><td>{@link #encode}</td><td>nothing (the records are valid)</td><td>bytes</td></tr>
 *   <tr><td>{@link #decode}</td><td>every rule above</td><td>the {@link Entry}</td></tr>
 *   <tr><td>{@link #validate}</td><td>every rule above, failing exactly as decode</td>
 *       <td>nothing (for verifiers)</td></tr>
 *   <tr><td>{@link #index}, {@link #previousHash}</td><td>version, minimum length, sign</td>
 *       <td>one field</td></tr>
 * </table>
 */
public final class EntryCodec {

    /** The format version this codec writes and reads. */
    public static final byte VERSION = 0x01;
    /** The shortest possible v1 entry: one-byte strings, no attributes, no commitment. */
    public static final int MIN_LENGTH = 1 + 8 + 32 + 8 + 3 + 3 + 3 + 8 + 1 + 1 + 3;

    /** The longest possible v1 entry: every field at its maximum, 32 text attributes. */
    public static final int MAX_LENGTH = 1 + 8 + 32 + 8 + (2 + 128) + (2 + 64) + (2 + 64) + 8 + 1
            + 32 * (1 + 64 + 1 + 2 + 1024) + 1 + 32 + (2 + 128);

    static final int INDEX_OFFSET = 1;
    static final int PREVIOUS_HASH_OFFSET = 9;
    static final int RECORDED_TIME_OFFSET = 41;
    static final int FIXED_HEADER_LENGTH = 49;

    static final byte TYPE_TEXT = 0x01;
    static final byte TYPE_INT = 0x02;
    static final byte TYPE_BOOL = 0x03;

    static final VarHandle LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private EntryCodec() {
    }

    /** The canonical bytes of {@code entry}. */
    public static byte[] encode(Entry entry) {
        StatusChange c = entry.change();
        byte[] out = new byte[encodedLength(entry)];
        out[0] = VERSION;
        LONG.set(out, INDEX_OFFSET, entry.index());
        entry.previousHash().copyTo(out, PREVIOUS_HASH_OFFSET);
        LONG.set(out, RECORDED_TIME_OFFSET,
                FieldRules.toMicros("recorded time", entry.recordedTime()));
        int p = writeU16String(out, FIXED_HEADER_LENGTH, c.caseRef());
        p = writeU16String(out, p, c.eventType());
        p = writeU16String(out, p, c.issuingAuthority());
        LONG.set(out, p, FieldRules.toMicros("effective time", c.effectiveTime()));
        p = writeAttributes(out, p + 8, c.attributes());
        if (c.payloadCommitment().isPresent()) {
            out[p++] = 0x01;
            c.payloadCommitment().get().copyTo(out, p);
            p += Digest.LENGTH;
        } else {
            out[p++] = 0x00;
        }
        p = writeU16String(out, p, c.requestId());
        if (p != out.length) {
            throw new IllegalStateException("encoded " + p + " bytes, sized " + out.length);
        }
        return out;
    }

    /**
     * Decodes canonical v1 bytes; rejects anything {@link #encode} would not produce.
     *
     * @throws EntryFormatException naming the first problem, its offset and the values
     */
    public static Entry decode(byte[] encoded) throws EntryFormatException {
        return new EntryReader(encoded).entry();
    }

    /**
     * Checks that {@code encoded} is a canonical v1 entry without building it: it MUST accept
     * exactly what {@link #decode} accepts and, for anything else, throw the exception decode
     * throws (same reason, offset and message). For verifiers that need the verdict, not the entry.
     *
     * @throws EntryFormatException naming the first problem, its offset and the values
     */
    public static void validate(byte[] encoded) throws EntryFormatException {
        new EntryValidator(encoded).validate();
    }

    /**
     * The index of an encoded entry, read at its fixed offset. Checks only the version byte,
     * the minimum length and the sign, not the rest of the entry.
     */
    public static long index(byte[] encoded) throws EntryFormatException {
        checkHeader(encoded);
        long index = (long) LONG.get(encoded, INDEX_OFFSET);
        if (index < 0) {
            throw new EntryFormatException(EntryFormatError.NEGATIVE_INDEX, INDEX_OFFSET,
                    "index " + index + " at offset " + INDEX_OFFSET + " is negative");
        }
        return index;
    }

    /**
     * The previous hash of an encoded entry, read at its fixed offset. Checks only the version
     * byte and the minimum length.
     */
    public static Digest previousHash(byte[] encoded) throws EntryFormatException {
        checkHeader(encoded);
        return Digest.of(encoded, PREVIOUS_HASH_OFFSET);
    }

    private static void checkHeader(byte[] encoded) throws EntryFormatException {
        if (encoded.length == 0) {
            throw new EntryFormatException(EntryFormatError.TRUNCATED, 0, "empty input");
        }
        if (encoded[0] != VERSION) {
            throw WireCursor.unknownVersion(encoded[0]);
        }
        if (encoded.length < MIN_LENGTH) {
            throw new EntryFormatException(EntryFormatError.TRUNCATED, encoded.length,
                    "entry is " + encoded.length + " bytes, want at least " + MIN_LENGTH);
        }
    }

    private static int encodedLength(Entry entry) {
        StatusChange c = entry.change();
        int n = FIXED_HEADER_LENGTH + 2 + Utf8.length(c.caseRef()) + 2 + c.eventType().length()
                + 2 + c.issuingAuthority().length() + 8 + 1 + 1 + 2 + Utf8.length(c.requestId());
        if (c.payloadCommitment().isPresent()) {
            n += Digest.LENGTH;
        }
        Attributes a = c.attributes();
        for (int i = 0; i < a.size(); i++) {
            AttributeValue v = a.valueAt(i);
            n += 1 + a.keyAt(i).length() + 1;
            if (v instanceof AttributeValue.Text t) {
                n += 2 + Utf8.length(t.value());
            } else {
                n += v instanceof AttributeValue.Int ? 8 : 1;
            }
        }
        return n;
    }

    private static int writeAttributes(byte[] out, int p, Attributes a) {
        out[p++] = (byte) a.size();
        for (int i = 0; i < a.size(); i++) {
            String key = a.keyAt(i);
            out[p++] = (byte) key.length();
            p = Utf8.write(key, out, p);
            AttributeValue v = a.valueAt(i);
            if (v instanceof AttributeValue.Text t) {
                out[p++] = TYPE_TEXT;
                p = writeU16String(out, p, t.value());
            } else if (v instanceof AttributeValue.Int n) {
                out[p++] = TYPE_INT;
                LONG.set(out, p, n.value());
                p += 8;
            } else {
                out[p++] = TYPE_BOOL;
                out[p++] = (byte) (((AttributeValue.Bool) v).value() ? 1 : 0);
            }
        }
        return p;
    }

    /** Writes the UTF-8 bytes after a two-byte gap, then fills the gap with their length. */
    private static int writeU16String(byte[] out, int p, String s) {
        int end = Utf8.write(s, out, p + 2);
        int length = end - p - 2;
        out[p] = (byte) (length >>> 8);
        out[p + 1] = (byte) length;
        return end;
    }
}
