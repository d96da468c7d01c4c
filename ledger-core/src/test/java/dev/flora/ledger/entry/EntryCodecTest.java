package dev.flora.ledger.entry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flora.ledger.hash.Digest;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EntryCodecTest {

    private final Entry decision = GoldenVectors.decision();
    private final byte[] decisionBytes = EntryCodec.encode(decision);

    @Test
    void encode_startsWithVersionIndexPreviousHashAndRecordedTime_bigEndian() {
        assertEquals(0x01, decisionBytes[0]);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 41},
                Arrays.copyOfRange(decisionBytes, 1, 9));
        assertEquals(decision.previousHash(), Digest.of(decisionBytes, 9));
        assertArrayEquals(RawEntry.int64(1_772_442_900_123_456L),
                Arrays.copyOfRange(decisionBytes, 41, 49));
    }

    @Test
    void decode_unsortedKeys_namesBothKeysAndTheOffset() {
        RawEntry raw = RawEntry.of(decision);
        RawEntry.Attribute first = raw.attributes.get(0);
        raw.attributes.set(0, raw.attributes.get(1));
        raw.attributes.set(1, first);
        EntryFormatException e = assertThrows(EntryFormatException.class,
                () -> EntryCodec.decode(raw.toBytes()));
        assertEquals(EntryFormatError.NON_CANONICAL_ORDER, e.reason());
        assertEquals(116, e.offset());
        assertEquals("attribute key 'appeal_period_days' at offset 116 is not after "
                + "'hearing_held'", e.getMessage());
    }

    @Test
    void decode_truncation_namesTheFieldAndWhatIsMissing() {
        EntryFormatException e = assertThrows(EntryFormatException.class,
                () -> EntryCodec.decode(Arrays.copyOf(decisionBytes, 20)));
        assertEquals(EntryFormatError.TRUNCATED, e.reason());
        assertEquals(9, e.offset());
        assertEquals("previous hash at offset 9 needs 32 bytes, only 11 remain", e.getMessage());
    }

    @Test
    void decode_overlongUtf8_reportsTheOffendingByte() {
        RawEntry raw = RawEntry.of(decision);
        raw.caseRef = new byte[] {'c', (byte) 0xC0, (byte) 0xAF};
        EntryFormatException e = assertThrows(EntryFormatException.class,
                () -> EntryCodec.decode(raw.toBytes()));
        assertEquals(EntryFormatError.INVALID_UTF8, e.reason());
        assertEquals(52, e.offset());
        assertEquals("case reference at offset 49 has invalid UTF-8 byte 0xc0 at offset 52",
                e.getMessage());
    }

    @Test
    void decode_unknownVersion_namesTheVersion() {
        byte[] bytes = decisionBytes.clone();
        bytes[0] = 2;
        EntryFormatException e = assertThrows(EntryFormatException.class,
                () -> EntryCodec.decode(bytes));
        assertEquals("format version 0x02 at offset 0 is unknown, want 0x01", e.getMessage());
    }

    @Test
    void headerReaders_checkVersionAndMinimumLengthOnly() throws EntryFormatException {
        byte[] tamperedTail = decisionBytes.clone();
        tamperedTail[tamperedTail.length - 1] = 0x0A;
        assertEquals(41, EntryCodec.index(tamperedTail));
        assertEquals(decision.previousHash(), EntryCodec.previousHash(tamperedTail));

        byte[] wrongVersion = decisionBytes.clone();
        wrongVersion[0] = 0;
        assertEquals(EntryFormatError.UNKNOWN_VERSION, assertThrows(EntryFormatException.class,
                () -> EntryCodec.index(wrongVersion)).reason());
        byte[] shortInput = Arrays.copyOf(decisionBytes, EntryCodec.MIN_LENGTH - 1);
        assertEquals(EntryFormatError.TRUNCATED, assertThrows(EntryFormatException.class,
                () -> EntryCodec.previousHash(shortInput)).reason());
        byte[] negative = decisionBytes.clone();
        negative[1] = (byte) 0x80;
        assertEquals(EntryFormatError.NEGATIVE_INDEX, assertThrows(EntryFormatException.class,
                () -> EntryCodec.index(negative)).reason());
    }

    @Test
    void minLength_isTheLengthOfTheSmallestEntry() {
        Entry smallest = new Entry(0, Digest.zero(), Instant.EPOCH, new StatusChange("c", "e",
                "a", Instant.EPOCH, Attributes.empty(), java.util.Optional.empty(), "r"));
        assertEquals(EntryCodec.MIN_LENGTH, EntryCodec.encode(smallest).length);
    }

    @Test
    void maxLength_isTheLengthOfTheLargestEntry() {
        Attributes.Builder attributes = Attributes.builder();
        for (int i = 0; i < 32; i++) {
            attributes.text(String.format("k%02d", i) + "x".repeat(61), "y".repeat(1024));
        }
        Entry largest = new Entry(1, decision.previousHash(), Instant.EPOCH, new StatusChange(
                "c".repeat(128), "e".repeat(64), "a".repeat(64), Instant.EPOCH,
                attributes.build(), java.util.Optional.of(decision.previousHash()),
                "r".repeat(128)));
        assertEquals(35_427, EntryCodec.MAX_LENGTH);
        assertEquals(EntryCodec.MAX_LENGTH, EntryCodec.encode(largest).length);
    }

    @Test
    void extremeTimes_roundTripThroughMicroseconds() throws EntryFormatException {
        for (long micros : new long[] {Long.MIN_VALUE, -1_000_001, -1, 0, 1, Long.MAX_VALUE}) {
            Instant t = FieldRules.fromMicros(micros);
            assertEquals(micros, FieldRules.toMicros("t", t));
            Entry e = new Entry(1, decision.previousHash(), t, decision.change());
            assertEquals(e, EntryCodec.decode(EntryCodec.encode(e)));
        }
    }
}
