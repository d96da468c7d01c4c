package dev.flora.service.append;

import dev.flora.service.rules.CaseState;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * ({@link #invalidate}). Bounded: the least recently used cases are dropped beyond
 * {@code capacity}. Thread-safe.
 */
final class CaseCache {

    private final Map<String, CaseState> states;
    private long validAt = -1;
    /** The plan the states are as of; compared by identity. */
    private BatchPlan last;

    CaseCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("case cache capacity " + capacity + " < 0");
        }
        this.states = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CaseState> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Whether the cache holds the ledger as of {@code headSize}, the tree size read under the
     * head lock; if not, it is emptied and stays so until the next {@link #planned}.
     */
    synchronized boolean validAt(long headSize) {
        if (headSize == validAt) {
            return true;
        }
        invalidate();
        return false;
    }

    /** The latest state of {@code caseRef} if cached, else null (which says nothing). */
    synchronized CaseState get(String caseRef) {
        return states.get(caseRef);
    }

    /**
     * Records the plan a batch holding the head lock is about to write: its cases' new states
     * and the tree size after it.
     */
    synchronized void planned(BatchPlan plan) {
        for (EntryRow row : plan.rows()) {
            states.put(row.caseAfter().caseRef(), row.caseAfter());
        }
        validAt = plan.tree().size();
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
            CaseState state = states.get(ref);
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
        states.clear();
        validAt = -1;
        last = null;
    }
}
