package dev.flora.ledger.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flora.ledger.testing.ForAll;
import dev.flora.ledger.testing.Gen;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link EntryCodec#validate} against {@link EntryCodec#decode} as the reference: on every input
 * both accept, or both fail with the same reason, offset and message.
 */
class EntryValidateProperties {

    /** What one side said about an input: accepted (all null), or the failure. */
    record Verdict(EntryFormatError reason, Integer offset, String message) {
        static final Verdict ACCEPTED = new Verdict(null, null, null);
    }

    @FunctionalInterface
    interface Parse {
        void run(byte[] bytes) throws EntryFormatException;
    }

    static Verdict verdict(Parse parse, byte[] bytes) {
        try {
            parse.run(bytes);
            return Verdict.ACCEPTED;
        } catch (EntryFormatException e) {
            return new Verdict(e.reason(), e.offset(), e.getMessage());
        }
    }

    /** Returns the verdict both gave; fails if they differ. */
    static Verdict assertSameVerdict(byte[] bytes, String what) {
        Verdict reference = verdict(EntryCodec::decode, bytes);
        assertEquals(reference, verdict(EntryCodec::validate, bytes), () -> what + ": "
                + bytes.length + " bytes " + HexFormat.of().formatHex(bytes));
        return reference;
    }

    @Test
    void validEntries_areAccepted() {
        ForAll.check("validEntries_areAccepted", 1000, EntryArbitraries::arbitraryEntry,
                entry -> assertEquals(Verdict.ACCEPTED,
                        verdict(EntryCodec::validate, EntryCodec.encode(entry))));
    }

    @Test
    void everySingleBitFlip_failsInValidateExactlyAsInDecode() {
        ForAll.check("everySingleBitFlip_failsInValidateExactlyAsInDecode", 40,
                EntryArbitraries::arbitraryEntry, entry -> {
                    byte[] bytes = EntryCodec.encode(entry);
                    for (int bit = 0; bit < bytes.length * 8; bit++) {
                        byte[] flipped = bytes.clone();
                        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                        assertSameVerdict(flipped, "bit " + bit + " flipped");
                    }
                });
    }

    @Test
    void everyTruncationAndExtension_failsInValidateExactlyAsInDecode() {
        ForAll.check("everyTruncationAndExtension_failsInValidateExactlyAsInDecode", 200,
                EntryArbitraries::arbitraryEntry, entry -> {
                    byte[] bytes = EntryCodec.encode(entry);
                    for (int length = 0; length <= bytes.length + 2; length++) {
                        assertSameVerdict(Arrays.copyOf(bytes, length), "length " + length);
                    }
                });
    }

    @Test
    void arbitraryBytes_failInValidateExactlyAsInDecode() {
        ForAll.check("arbitraryBytes_failInValidateExactlyAsInDecode", 3000,
                EntryCodecProperties::arbitraryBytesAfterTheVersion,
                b -> assertSameVerdict(b.bytes(), "arbitrary bytes"));
    }

    @Test
    void mutatedEncodings_failInValidateExactlyAsInDecode() {
        ForAll.check("mutatedEncodings_failInValidateExactlyAsInDecode", 3000,
                EntryCodecProperties::arbitraryMutatedEncoding,
                m -> assertSameVerdict(m.bytes(), m.mutation()));
    }

    @Test
    void utf8ishFieldContents_getTheSameVerdictFromValidateAndDecode() {
        int[] accepted = new int[1];
        ForAll.check("utf8ishFieldContents_getTheSameVerdictFromValidateAndDecode", 5000,
                EntryValidateProperties::withUtf8ishField, raw -> {
                    if (assertSameVerdict(raw.toBytes(), "utf8ish field") == Verdict.ACCEPTED) {
                        accepted[0]++;
                    }
                });
        // the generator must reach both sides, or the property proves little
        assertTrue(accepted[0] > 500 && accepted[0] < 4500, accepted[0] + " of 5000 accepted");
    }

    /** A valid entry with one text or identifier field replaced by UTF-8-like bytes. */
    static RawEntry withUtf8ishField(SplittableRandom r) {
        RawEntry raw = RawEntry.of(EntryArbitraries.arbitraryEntry(r));
        byte[] bytes = Utf8Arbitraries.utf8ish(r, Gen.oneIn(r, 4) ? 60 : 6);
        switch (r.nextInt(6)) {
            case 0 -> raw.caseRef = bytes;
            case 1 -> raw.requestId = bytes;
            case 2 -> raw.eventType = bytes;
            case 3 -> raw.authority = bytes;
            case 4 -> raw.attributes.add(0, RawEntry.Attribute.text("a", bytes));
            default -> raw.attributes.add(0, new RawEntry.Attribute(bytes, -1, 2, new byte[8]));
        }
        if (raw.attributes.size() > FieldRules.MAX_ATTRIBUTES) {
            raw.attributes.remove(raw.attributes.size() - 1);
        }
        return raw;
    }

    @Test
    void goldenInvalidVectors_failInValidateWithTheirReasonAndOffset() {
        List<VectorFile.Block> blocks =
                VectorFile.parse(VectorFile.resource("entries-invalid.txt"));
        for (VectorFile.Block b : blocks) {
            String what = b.one("description");
            Verdict v = assertSameVerdict(HexFormat.of().parseHex(b.one("bytes")), what);
            assertEquals(b.one("error"), String.valueOf(v.reason()), what);
            assertEquals(Integer.valueOf(b.one("offset")), v.offset(), what);
        }
    }

    @Test
    void goldenValidVectors_areAccepted() {
        for (VectorFile.Block b : VectorFile.parse(VectorFile.resource("entries-valid.txt"))) {
            assertEquals(Verdict.ACCEPTED, assertSameVerdict(
                    HexFormat.of().parseHex(b.one("bytes")), b.one("description")));
        }
    }

    @Test
    void validate_null_isAnArgumentError() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> EntryCodec.validate(null));
        assertEquals("encoded entry is null", e.getMessage());
    }
}
