package dev.flora.service.append;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.merkle.CompactRange;
import dev.flora.service.rules.CaseState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CaseCacheTest {

    private static CaseState state(String caseRef, long revision) {
        return new CaseState(caseRef, "DE-SN", "registered", "", revision, revision - 1);
    }

    /** A committed plan that leaves the tree at {@code size} and the given case states. */
    private static BatchPlan committed(long size, CaseState... states) {
        CompactRange tree = CompactRange.empty();
        for (long i = 0; i < size; i++) {
            tree.append(Digest.of(new byte[32]), dev.flora.ledger.merkle.NodeVisitor.NONE);
        }
        List<EntryRow> rows = new ArrayList<>();
        for (CaseState state : states) {
            rows.add(new EntryRow(null, new byte[0], Digest.of(new byte[32]), state));
        }
        return new BatchPlan(rows, List.of(), tree, Digest.of(new byte[32]), List.of(), Set.of());
    }

    @Test
    void anEmptyCache_isValidAtNoSize() {
        CaseCache cache = new CaseCache(10);
        assertFalse(cache.validAt(0));
        assertNull(cache.get("c-1"));
    }

    @Test
    void afterACommit_itIsValidAtTheTreeSizeItLeft_andHoldsTheLatestStates() {
        CaseCache cache = new CaseCache(10);
        cache.planned(committed(3, state("c-1", 1), state("c-1", 2), state("c-2", 1)));
        assertTrue(cache.validAt(3));
        assertEquals(2, cache.get("c-1").revision());
        assertEquals(1, cache.get("c-2").revision());
    }

    @Test
    void aHeadThatMovedWithoutIt_emptiesIt() {
        CaseCache cache = new CaseCache(10);
        cache.planned(committed(3, state("c-1", 1)));
        assertFalse(cache.validAt(5), "another replica appended entries 3 and 4");
        assertNull(cache.get("c-1"));
        assertFalse(cache.validAt(3), "emptied, it is valid at no size until the next commit");
    }

    @Test
    void invalidate_forgetsEverything() {
        CaseCache cache = new CaseCache(10);
        cache.planned(committed(2, state("c-1", 1)));
        cache.invalidate();
        assertFalse(cache.validAt(2));
        assertNull(cache.get("c-1"));
    }

    @Test
    void beyondItsCapacity_casesNeitherWrittenNorReadWithinHalfOfItGo() {
        CaseCache cache = new CaseCache(4);
        cache.planned(committed(2, state("c-1", 1), state("c-2", 1)));
        cache.planned(committed(3, state("c-3", 1)));
        assertEquals(1, cache.get("c-1").revision(), "read, so kept with the newer cases");
        cache.planned(committed(4, state("c-4", 1)));
        assertNull(cache.get("c-2"));
        assertEquals(1, cache.get("c-1").revision());
        assertEquals(1, cache.get("c-3").revision());
        assertEquals(1, cache.get("c-4").revision());
    }

    @Test
    void withNoCapacity_nothingIsKept() {
        CaseCache cache = new CaseCache(0);
        cache.planned(committed(1, state("c-1", 1)));
        assertNull(cache.get("c-1"));
        assertTrue(cache.validAt(1));
    }

    @Test
    void aBatchPlannedAhead_seesThePredecessorsStates_onlyWhileThatPlanIsTheLastRecorded() {
        CaseCache cache = new CaseCache(10);
        BatchPlan first = committed(2, state("c-1", 1), state("c-1", 2));
        cache.planned(first);
        assertEquals(2, cache.statesAfter(first, List.of("c-1", "c-9")).get("c-1").revision());
        assertFalse(cache.statesAfter(first, List.of("c-9")).containsKey("c-9"));

        BatchPlan second = committed(3, state("c-1", 3));
        assertTrue(cache.plannedAfter(first, second));
        assertNull(cache.statesAfter(first, List.of("c-1")), "second was recorded since");
        assertFalse(cache.plannedAfter(first, committed(4, state("c-2", 1))));
        assertNull(cache.get("c-2"), "a refused plan records nothing");
        assertTrue(cache.validAt(3));
    }

    @Test
    void afterAFailure_noBatchMayBePlannedAheadOnTheFailedPlan() {
        CaseCache cache = new CaseCache(10);
        BatchPlan first = committed(2, state("c-1", 1));
        cache.planned(first);
        cache.invalidate();
        assertNull(cache.statesAfter(first, List.of("c-1")));
        assertFalse(cache.plannedAfter(first, committed(3, state("c-1", 2))));
        assertNull(cache.get("c-1"));
    }
}
