package dev.flora.service.append;

import dev.flora.service.rules.CaseState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The states of recently appended cases, as this process committed them, so that an append to a
 * case it wrote recently needs no read of the ledger.
 *
 * <p>Contract: the cache is <em>valid at</em> a tree size, the size after this process's last
 * commit. It MUST be used only by a batch that holds the head lock and found the head at exactly
 * that size ({@link #validAt}): then no other replica appended since, and every cached state is
 * still the case's latest. Any other size, or a batch whose outcome is unknown, empties it.
 * Bounded: the least recently used cases are dropped beyond {@code capacity}. Thread-safe; one
 * batch at a time uses it.
 */
final class CaseCache {

    private final Map<String, CaseState> states;
    private long validAt = -1;

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
     * head lock; if not, it is emptied and stays so until the next {@link #committed}.
     */
    synchronized boolean validAt(long headSize) {
        if (headSize == validAt) {
            return true;
        }
        states.clear();
        validAt = -1;
        return false;
    }

    /** The latest state of {@code caseRef} if cached, else null (which says nothing). */
    synchronized CaseState get(String caseRef) {
        return states.get(caseRef);
    }

    /** Records a batch that committed: its cases' new states and the tree size after it. */
    synchronized void committed(BatchPlan plan) {
        for (EntryRow row : plan.rows()) {
            states.put(row.caseAfter().caseRef(), row.caseAfter());
        }
        validAt = plan.tree().size();
    }

    /** Forgets everything: a batch failed, or its commit outcome is unknown. */
    synchronized void invalidate() {
        states.clear();
        validAt = -1;
    }
}
