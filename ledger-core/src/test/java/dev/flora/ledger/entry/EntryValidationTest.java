package dev.flora.ledger.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flora.ledger.hash.Digest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class EntryValidationTest {

    private static final Instant T = Instant.parse("2026-03-02T09:15:00Z");

    private static StatusChange change(String caseRef, String type, String authority) {
        return new StatusChange(caseRef, type, authority, T, Attributes.empty(),
                Optional.empty(), "req-1");
    }

    private static String rejected(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    @Test
    void times_withSubMicrosecondPrecision_areRejectedWithTheValue() {
        Instant t = Instant.parse("2026-03-02T09:15:00.123456789Z");
        assertEquals("recorded time 2026-03-02T09:15:00.123456789Z has sub-microsecond "
                + "precision (nanos 123456789)",
                rejected(() -> new Entry(1, Digest.zero(), t, change("c", "e", "a"))));
        assertEquals("effective time 2026-03-02T09:15:00.123456789Z has sub-microsecond "
                + "precision (nanos 123456789)", rejected(() -> new StatusChange("c", "e", "a",
                        t, Attributes.empty(), Optional.empty(), "r")));
    }

    @Test
    void times_outsideInt64Microseconds_areRejected() {
        assertEquals("recorded time +1000000000-12-31T23:59:59Z does not fit in int64 "
                + "microseconds", rejected(() -> new Entry(1, Digest.zero(),
                        Instant.MAX.minusNanos(999_999_999), change("c", "e", "a"))));
    }

    @Test
    void entry_rejectsNegativeIndex_andNonZeroGenesisPreviousHash() {
        assertEquals("negative index -1",
                rejected(() -> new Entry(-1, Digest.zero(), T, change("c", "e", "a"))));
        Digest d = GoldenVectors.fixedHash("x");
        assertEquals("entry 0 has previous hash " + d + ", want 32 zero bytes",
                rejected(() -> new Entry(0, d, T, change("c", "e", "a"))));
    }

    @Test
    void identifiers_thatBreakTheirGrammar_areRejected() {
        for (String bad : List.of("", "Decision", "1a", "a..b", "a.", ".a", "a-b", "a b")) {
            rejected(() -> change("c", bad, "a"));
        }
        for (String bad : List.of("", "-a", "a-", "a--b", "A", "a_b", "a.b")) {
            rejected(() -> change("c", "e", bad));
        }
        assertEquals("event type 'Decision' does not match [a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*",
                rejected(() -> change("c", "Decision", "a")));
        change("c", "decision_issued.v2", "abh-leipzig-2");
    }

    @Test
    void lengths_areCountedInUtf8Bytes() {
        change("€".repeat(42) + "ab", "e", "a");
        assertEquals("case reference is 129 UTF-8 bytes, want 1..128",
                rejected(() -> change("€".repeat(43), "e", "a")));
        assertEquals("event type is 65 bytes, want 1..64",
                rejected(() -> change("c", "e".repeat(65), "a")));
        assertEquals("attribute text is 1025 UTF-8 bytes, want 0..1024",
                rejected(() -> AttributeValue.text("x".repeat(1025))));
    }

    @Test
    void text_withControlCharactersOrLoneSurrogates_isRejected() {
        assertEquals("case reference 'c\\u000A' has control character U+000A at index 1",
                rejected(() -> change("c\n", "e", "a")));
        rejected(() -> change("c\u0085", "e", "a"));
        rejected(() -> change("c\u007f", "e", "a"));
        assertEquals("request id has a lone surrogate U+D83D at index 1",
                rejected(() -> new StatusChange("c", "e", "a", T, Attributes.empty(),
                        Optional.empty(), "r\uD83D")));
    }

    @Test
    void attributes_areSortedByKey_whateverTheInsertionOrder() {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        map.put("zeta", AttributeValue.of(1));
        map.put("alpha", AttributeValue.of(true));
        Attributes a = Attributes.of(map);
        assertEquals("alpha", a.keyAt(0));
        assertEquals(Attributes.builder().bool("alpha", true).integer("zeta", 1).build(), a);
        assertEquals(Optional.of(AttributeValue.of(1)), a.get("zeta"));
    }

    @Test
    void attributes_rejectDuplicatesBadKeysAndMoreThan32() {
        assertEquals("duplicate attribute key 'a'",
                rejected(() -> Attributes.builder().bool("a", true).bool("a", false)));
        rejected(() -> Attributes.builder().bool("Key", true).build());
        rejected(() -> Attributes.builder().bool("k".repeat(65), true).build());
        Attributes.Builder b = Attributes.builder();
        for (int i = 0; i < 33; i++) {
            b.integer("k" + i, i);
        }
        assertEquals("too many attributes 33, want at most 32", rejected(b::build));
    }
}
