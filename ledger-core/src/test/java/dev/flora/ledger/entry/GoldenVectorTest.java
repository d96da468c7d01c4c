package dev.flora.ledger.entry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GoldenVectorTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void committedValidVectors_equalWhatTheGeneratorProducesNow() {
        assertEquals(GoldenVectorGenerator.validFile(), VectorFile.resource("entries-valid.txt"),
                "regenerate with GoldenVectorGenerator and review the diff");
    }

    @Test
    void committedInvalidVectors_equalWhatTheGeneratorProducesNow() {
        assertEquals(GoldenVectorGenerator.invalidFile(),
                VectorFile.resource("entries-invalid.txt"),
                "regenerate with GoldenVectorGenerator and review the diff");
    }

    @Test
    void everyValidVector_decodesToItsFields_andReencodesToTheSameBytesAndLeafHash()
            throws EntryFormatException {
        List<VectorFile.Block> blocks = VectorFile.parse(VectorFile.resource("entries-valid.txt"));
        assertTrue(blocks.size() >= 6, "want at least 6 valid vectors, have " + blocks.size());
        Hasher hasher = Hasher.create();
        for (VectorFile.Block b : blocks) {
            String what = b.one("description");
            byte[] bytes = HEX.parseHex(b.one("bytes"));
            Entry expected = entryFromFields(b);
            assertEquals(expected, EntryCodec.decode(bytes), what);
            assertArrayEquals(bytes, EntryCodec.encode(expected), what);
            assertEquals(b.one("leaf_hash"), hasher.leafHash(bytes).toHex(), what);
            assertEquals(expected.index(), EntryCodec.index(bytes), what);
            assertEquals(expected.previousHash(), EntryCodec.previousHash(bytes), what);
        }
    }

    @Test
    void everyInvalidVector_failsWithItsExpectedReasonAndOffset() {
        List<VectorFile.Block> blocks =
                VectorFile.parse(VectorFile.resource("entries-invalid.txt"));
        assertTrue(blocks.size() >= 15, "want at least 15 invalid vectors, have " + blocks.size());
        for (VectorFile.Block b : blocks) {
            String what = b.one("description");
            byte[] bytes = HEX.parseHex(b.one("bytes"));
            EntryFormatException e = assertThrows(EntryFormatException.class,
                    () -> EntryCodec.decode(bytes), what);
            assertEquals(b.one("error"), e.reason().name(), what + ": " + e.getMessage());
            assertEquals(Integer.parseInt(b.one("offset")), e.offset(), what);
        }
    }

    @Test
    void invalidVectors_coverEveryErrorReason() {
        List<String> seen = VectorFile.parse(VectorFile.resource("entries-invalid.txt")).stream()
                .map(b -> b.one("error")).toList();
        for (EntryFormatError reason : EntryFormatError.values()) {
            assertTrue(seen.contains(reason.name()), "no invalid vector for " + reason);
        }
    }

    /** Builds the entry from the text fields alone, as another implementation would. */
    private static Entry entryFromFields(VectorFile.Block b) {
        Attributes.Builder attributes = Attributes.builder();
        for (String line : b.all("attribute")) {
            String[] key = VectorFile.jsonString(line);
            String[] typeAndValue = key[1].split(" ", 2);
            AttributeValue value = switch (typeAndValue[0]) {
                case "text" -> AttributeValue.text(VectorFile.jsonString(typeAndValue[1])[0]);
                case "int" -> AttributeValue.of(Long.parseLong(typeAndValue[1]));
                case "bool" -> AttributeValue.of(Boolean.parseBoolean(typeAndValue[1]));
                default -> throw new IllegalStateException("unknown type in " + line);
            };
            attributes.put(key[0], value);
        }
        String commitment = b.one("payload_commitment");
        StatusChange change = new StatusChange(string(b, "case_ref"), string(b, "event_type"),
                string(b, "issuing_authority"), micros(b, "effective_time_micros"),
                attributes.build(), commitment.equals("absent") ? Optional.empty()
                        : Optional.of(Digest.ofHex(commitment)), string(b, "request_id"));
        return new Entry(Long.parseLong(b.one("index")), Digest.ofHex(b.one("previous_hash")),
                micros(b, "recorded_time_micros"), change);
    }

    private static String string(VectorFile.Block b, String name) {
        return VectorFile.jsonString(b.one(name))[0];
    }

    private static java.time.Instant micros(VectorFile.Block b, String name) {
        long micros = Long.parseLong(b.one(name));
        return java.time.Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
