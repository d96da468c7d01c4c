package dev.flora.service.append;

import dev.flora.ledger.entry.Entry;
import dev.flora.ledger.hash.Digest;

/**
 * One row of {@code ledger_entry} to insert: the entry, its canonical bytes and leaf hash, the
 * federal state responsible for the case after it, and the case's revision after it.
 */
public record EntryRow(Entry entry, byte[] bytes, Digest leafHash, String federalState,
        long caseRevision) {

    AppendResult result() {
        return new AppendResult(entry.index(), leafHash, entry.recordedTime(), caseRevision);
    }
}
