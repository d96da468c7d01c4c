package dev.flora.ledger.entry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class EntryCodecProperties {

    @Provide
    Arbitrary<Entry> entries() {
        return EntryArbitraries.entries();
    }

    @Property
    void decodeOfEncode_isTheSameEntry(@ForAll("entries") Entry entry)
            throws EntryFormatException {
        byte[] bytes = EntryCodec.encode(entry);
        assertEquals(entry, EntryCodec.decode(bytes));
        assertEquals(entry.index(), EntryCodec.index(bytes));
        assertEquals(entry.previousHash(), EntryCodec.previousHash(bytes));
    }

    @Property
    void encode_equalsTheNaiveReferenceEncoding(@ForAll("entries") Entry entry) {
        assertArrayEquals(RawEntry.of(entry).toBytes(), EntryCodec.encode(entry));
    }

    @Property(tries = 100)
    void everySingleBitFlip_failsToDecodeOrDecodesToAnotherEntry(
            @ForAll("entries") Entry entry) {
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

    @Property(tries = 1000)
    void arbitraryBytes_failOnlyWithEntryFormatException(@ForAll byte[] bytes) {
        if (bytes.length > 0) {
            bytes[0] = EntryCodec.VERSION;
        }
        assertDecodesCanonicallyOrFailsCleanly(bytes);
    }

    @Property(tries = 1000)
    void mutatedEncodings_failOnlyWithEntryFormatException_orRoundTrip(
            @ForAll("entries") Entry entry, @ForAll("mutations") int[] mutation) {
        byte[] bytes = EntryCodec.encode(entry);
        int at = Math.floorMod(mutation[0], bytes.length + 1);
        byte[] mutated = switch (mutation[2]) {
            case 0 -> Arrays.copyOf(bytes, at);
            case 1 -> insert(bytes, at, (byte) mutation[1]);
            default -> {
                byte[] c = bytes.clone();
                c[Math.min(at, c.length - 1)] = (byte) mutation[1];
                yield c;
            }
        };
        assertDecodesCanonicallyOrFailsCleanly(mutated);
    }

    @Provide
    Arbitrary<int[]> mutations() {
        return Arbitraries.integers().array(int[].class).ofSize(3)
                .map(m -> new int[] {m[0], m[1], Math.floorMod(m[2], 3)});
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
