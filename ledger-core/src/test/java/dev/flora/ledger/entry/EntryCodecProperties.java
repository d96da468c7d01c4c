package dev.flora.ledger.entry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.flora.ledger.testing.ForAll;
import dev.flora.ledger.testing.Gen;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EntryCodecProperties {

    @Test
    void decodeOfEncode_isTheSameEntry() {
        ForAll.check("decodeOfEncode_isTheSameEntry", 1000, EntryArbitraries::arbitraryEntry,
                entry -> {
                    byte[] bytes = EntryCodec.encode(entry);
                    assertEquals(entry, EntryCodec.decode(bytes));
                    assertEquals(entry.index(), EntryCodec.index(bytes));
                    assertEquals(entry.previousHash(), EntryCodec.previousHash(bytes));
                });
    }

    @Test
    void encode_equalsTheNaiveReferenceEncoding() {
        ForAll.check("encode_equalsTheNaiveReferenceEncoding", 1000,
                EntryArbitraries::arbitraryEntry,
                entry -> assertArrayEquals(RawEntry.of(entry).toBytes(), EntryCodec.encode(entry)));
    }

    @Test
    void everySingleBitFlip_failsToDecodeOrDecodesToAnotherEntry() {
        ForAll.check("everySingleBitFlip_failsToDecodeOrDecodesToAnotherEntry", 100,
                EntryArbitraries::arbitraryEntry,
                EntryCodecProperties::assertEveryBitFlipIsCaught);
    }

    private static void assertEveryBitFlipIsCaught(Entry entry) {
        byte[] bytes = EntryCodec.encode(entry);
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] flipped = bytes.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            Entry decoded = decodeOrNull(flipped);
            if (decoded != null) {
                assertNotEquals(entry, decoded, "bit " + bit + " flipped silently");
                assertArrayEquals(flipped, EntryCodec.encode(decoded), "bit " + bit);
            }
        }
    }

    @Test
    void arbitraryBytes_failOnlyWithEntryFormatException() {
        ForAll.check("arbitraryBytes_failOnlyWithEntryFormatException", 1000,
                EntryCodecProperties::arbitraryBytesAfterTheVersion,
                bytes -> assertDecodesCanonicallyOrFailsCleanly(bytes.bytes()));
    }

    /** Bytes that print as hex in a failure message. */
    record Bytes(byte[] bytes) {
        @Override
        public String toString() {
            return bytes.length + " bytes " + HexFormat.of().formatHex(bytes);
        }
    }

    /** 0..255 bytes (now and then up to 2048), the first being the format version. */
    static Bytes arbitraryBytesAfterTheVersion(SplittableRandom r) {
        int length = Gen.oneIn(r, 10) ? Gen.intBetween(r, 0, 2048) : Gen.intBetween(r, 0, 255);
        byte[] bytes = new byte[length];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = Gen.anyByte(r);
        }
        if (bytes.length > 0) {
            bytes[0] = EntryCodec.VERSION;
        }
        return new Bytes(bytes);
    }

    @Test
    void mutatedEncodings_failOnlyWithEntryFormatException_orRoundTrip() {
        ForAll.check("mutatedEncodings_failOnlyWithEntryFormatException_orRoundTrip", 1000,
                EntryCodecProperties::arbitraryMutatedEncoding,
                mutated -> assertDecodesCanonicallyOrFailsCleanly(mutated.bytes()));
    }

    /** A valid encoding cut short, with one byte inserted, or with one byte replaced. */
    record Mutated(Entry entry, String mutation, byte[] bytes) {
        @Override
        public String toString() {
            return mutation + " of the encoding of " + entry;
        }
    }

    static Mutated arbitraryMutatedEncoding(SplittableRandom r) {
        Entry entry = EntryArbitraries.arbitraryEntry(r);
        byte[] bytes = EntryCodec.encode(entry);
        int at = r.nextInt(bytes.length + 1);
        byte value = Gen.anyByte(r);
        return switch (r.nextInt(3)) {
            case 0 -> new Mutated(entry, "cut at " + at, Arrays.copyOf(bytes, at));
            case 1 -> new Mutated(entry, "0x" + Integer.toHexString(value & 0xFF)
                    + " inserted at " + at, insert(bytes, at, value));
            default -> {
                byte[] c = bytes.clone();
                int where = Math.min(at, c.length - 1);
                c[where] = value;
                yield new Mutated(entry, "byte " + where + " set to 0x"
                        + Integer.toHexString(value & 0xFF), c);
            }
        };
    }

    /** Accepted bytes MUST be the canonical encoding of what they decode to. */
    private static void assertDecodesCanonicallyOrFailsCleanly(byte[] bytes) {
        Entry decoded = decodeOrNull(bytes);
        if (decoded != null) {
            assertArrayEquals(bytes, EntryCodec.encode(decoded));
        }
    }

    /** Null on EntryFormatException; any other exception escapes and fails the property. */
    private static Entry decodeOrNull(byte[] bytes) {
        try {
            return EntryCodec.decode(bytes);
        } catch (EntryFormatException e) {
            return null;
        }
    }

    private static byte[] insert(byte[] b, int at, byte value) {
        byte[] c = new byte[b.length + 1];
        System.arraycopy(b, 0, c, 0, at);
        c[at] = value;
        System.arraycopy(b, at, c, at + 1, b.length - at);
        return c;
    }
}
