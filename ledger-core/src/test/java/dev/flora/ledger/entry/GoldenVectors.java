package dev.flora.ledger.entry;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The fixed inputs of the valid golden vectors: no randomness, no clock. */
final class GoldenVectors {

    record Valid(String description, Entry entry) {
    }

    private GoldenVectors() {
    }

    static List<Valid> valid() {
        return List.of(
                new Valid("genesis: index 0, previous hash all zero, one text attribute",
                        genesis()),
                new Valid("typical decision_issued with text, int and bool attributes",
                        decision()),
                new Valid("no attributes", noAttributes()),
                new Valid("payload commitment present", withCommitment()),
                new Valid("non-ASCII case reference (2-, 3- and 4-byte UTF-8)", nonAscii()),
                new Valid("times before 1970 (negative microseconds), negative int, empty text",
                        beforeEpoch()),
                new Valid("every field at its maximum length, extreme integers", maximal()));
    }

    static Entry genesis() {
        return new Entry(0, Digest.zero(), Instant.parse("2026-01-05T08:00:00Z"),
                new StatusChange("c-7f3a9e21", "registered_on_arrival", "ae-dresden",
                        Instant.parse("2026-01-05T07:42:10Z"),
                        Attributes.builder().text("federal_state", "DE-SN").build(),
                        Optional.empty(), "req-0001"));
    }

    static Entry decision() {
        Attributes attributes = Attributes.builder()
                .text("outcome", "refugee_protection")
                .text("legal_basis", "AsylG §3")
                .integer("appeal_period_days", 14)
                .bool("hearing_held", true)
                .build();
        return new Entry(41, fixedHash("entry 40"), Instant.parse("2026-03-02T09:15:00.123456Z"),
                new StatusChange("c-7f3a9e21", "decision_issued", "bamf-dresden",
                        Instant.parse("2026-03-02T00:00:00Z"), attributes, Optional.empty(),
                        "3f1c2a9e-6b1d-4c1e-9f2a-7d8e5b4c3a21"));
    }

    static Entry noAttributes() {
        return new Entry(7, fixedHash("entry 6"), Instant.parse("2026-01-20T10:00:00.000001Z"),
                new StatusChange("c-0b51d7e4", "application_filed", "bamf-chemnitz",
                        Instant.parse("2026-01-20T09:30:00Z"), Attributes.empty(),
                        Optional.empty(), "req-7"));
    }

    static Entry withCommitment() {
        return new Entry(1234, fixedHash("entry 1233"),
                Instant.parse("2026-06-30T23:59:59.999999Z"),
                new StatusChange("c-7f3a9e21", "residence_permit.issued", "abh-leipzig",
                        Instant.parse("2026-06-30T12:00:00Z"),
                        Attributes.builder().text("permit_kind", "AufenthG §25(2)").build(),
                        Optional.of(fixedHash("salted payload commitment")), "abh-leipzig/991"));
    }

    static Entry nonAscii() {
        return new Entry(99, fixedHash("entry 98"), Instant.parse("2026-02-11T13:14:15.161718Z"),
                new StatusChange("akte-Übergabe-东京-\uD83D\uDCC1-7", "distributed",
                        "lds-sachsen", Instant.parse("2026-02-11T13:00:00Z"),
                        Attributes.builder().text("receiving_state", "DE-SN")
                                .text("note", "Zuständigkeit geprüft").build(),
                        Optional.empty(), "anfrage-ä-1"));
    }

    static Entry beforeEpoch() {
        return new Entry(3, fixedHash("entry 2"), Instant.parse("1969-12-31T23:59:59.999999Z"),
                new StatusChange("c-legacy-1969", "correction", "bamf-dresden",
                        Instant.parse("1969-07-20T20:17:40.5Z"),
                        Attributes.builder().integer("superseded_index", -1).text("reason", "")
                                .bool("manual", false).build(),
                        Optional.empty(), "req-legacy"));
    }

    static Entry maximal() {
        Attributes.Builder attributes = Attributes.builder();
        for (int i = 0; i < FieldRules.MAX_ATTRIBUTES; i++) {
            String key = pad("k" + (char) ('a' + i % 26) + (i / 26) + "_", 64, 'x');
            AttributeValue value = switch (i % 3) {
                case 0 -> AttributeValue.text("ä".repeat(FieldRules.MAX_TEXT_BYTES / 2));
                case 1 -> AttributeValue.of(i % 2 == 0 ? Long.MIN_VALUE : Long.MAX_VALUE);
                default -> AttributeValue.of(true);
            };
            attributes.put(key, value);
        }
        return new Entry(Long.MAX_VALUE, fixedHash("entry max-1"),
                FieldRules.fromMicros(Long.MAX_VALUE),
                new StatusChange("€".repeat(42) + "ab", pad("a.", 64, 'z'),
                        pad("x-", 64, '9'), FieldRules.fromMicros(Long.MIN_VALUE),
                        attributes.build(), Optional.of(fixedHash("max commitment")),
                        "\uD83D\uDCC1".repeat(32)));
    }

    /** A stand-in previous hash: the leaf hash of a label, reproducible anywhere. */
    static Digest fixedHash(String label) {
        return Hasher.create().leafHash(label.getBytes(StandardCharsets.UTF_8));
    }

    private static String pad(String prefix, int length, char fill) {
        return prefix + String.valueOf(fill).repeat(length - prefix.length());
    }
}
