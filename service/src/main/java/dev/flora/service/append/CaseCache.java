package dev.flora.service.append;

import dev.flora.service.rules.CaseState;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The states of recently appended cases, as this process's latest batch plan leaves them, so
 * that an append to a case it wrote recently needs no read of the ledger.
 *
 * <p>Contract: the cache holds the ledger as the last {@link #planned} batch leaves it, and is
 * <em>valid at</em> that batch's tree size. A batch that holds the head lock MUST use it only if
 * it found the head at exactly that size ({@link #validAt}): then that batch committed, no other
 * replica appended since, and every cached state is still the case's latest. A batch planned
 * while its predecessor is still committing uses it only if that predecessor's plan is the last
 * one recorded ({@link #statesAfter}, {@link #plannedAfter}); it then relies on the head check
 * of its own transaction. A batch that failed, or whose outcome is unknown, MUST empty it
 * ({@link #invalidate}). Bounded to about {@code capacity} cases in two generations: new states
 * go into the young one; when it holds half the capacity it becomes the old one and the previous
 * old one is dropped; a state found in the old one moves back to the young one. So a case written
 * or read within the last capacity/2 appends stays, at the cost of one map insert per append (a
 * least-recently-used list of 100,000 cases was 9% of the service's CPU samples in the stream
 * benchmark). Thread-safe.
 */
final class CaseCache {

    private final int capacity;
    private final int generation;
    private Map<String, CaseState> young;
    private Map<String, CaseState> old = Map.of();
    /** The plan the states are as of (compared by identity), null when emptied. */
    private BatchPlan last;

    CaseCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("case cache capacity " + capacity + " < 0");
        }
        this.capacity = capacity;
        this.generation = Math.max(1, (capacity + 1) / 2);
        this.young = newGeneration();
    }

    private Map<String, CaseState> newGeneration() {
        return new HashMap<>(generation * 4 / 3 + 1);
    }

    private void put(String caseRef, CaseState state) {
        if (capacity == 0) {
            return;
        }
        if (young.size() >= generation) {
            old = young;
            young = newGeneration();
        }
        young.put(caseRef, state);
    }

    /**
     * Whether the cache holds the ledger as of {@code headSize}, the tree size read under the
     * head lock; if not, it is emptied and stays so until the next {@link #planned}.
     */
    synchronized boolean validAt(long headSize) {
        if (last != null && headSize == last.tree().size()) {
            return true;
        }
        invalidate();
        return false;
    }

    /**
     * The plan the cache is as of, or null. Once that batch has ended, and no batch is in flight,
     * it is the last batch this process committed: a batch that failed empties the cache.
     */
    synchronized BatchPlan last() {
        return last;
    }

    /** The latest state of {@code caseRef} if cached, else null (which says nothing). */
    synchronized CaseState get(String caseRef) {
        CaseState state = young.get(caseRef);
        if (state == null) {
            state = old.get(caseRef);
            if (state != null) {
                put(caseRef, state);
            }
        }
        return state;
    }

    /**
     * Records the plan a batch holding the head lock is about to write: its cases' new states
     * and the tree size after it.
     */
    synchronized void planned(BatchPlan plan) {
        for (EntryRow row : plan.rows()) {
            put(row.caseAfter().caseRef(), row.caseAfter());
        }
        last = plan;
    }

    /**
     * The cached states among {@code caseRefs} as {@code predecessor} leaves them, or null if
     * the cache is not as of that plan (it failed, or another plan was recorded since).
     */
    synchronized Map<String, CaseState> statesAfter(BatchPlan predecessor,
            Collection<String> caseRefs) {
        if (last != predecessor) {
            return null;
        }
        Map<String, CaseState> found = new HashMap<>();
        for (String ref : caseRefs) {
            CaseState state = get(ref);
            if (state != null) {
                found.put(ref, state);
            }
        }
        return found;
    }

    /**
     * Records {@code plan}, planned on the head {@code predecessor} leaves, if the cache is still
     * as of {@code predecessor}; false (nothing recorded) otherwise.
     */
    synchronized boolean plannedAfter(BatchPlan predecessor, BatchPlan plan) {
        if (last != predecessor) {
            return false;
        }
        planned(plan);
        return true;
    }

    /** Forgets everything: a batch failed, or its commit outcome is unknown. */
    synchronized void invalidate() {
        young = newGeneration();
        old = Map.of();
        last = null;
    }
}
