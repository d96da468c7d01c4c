package dev.flora.service.append;

import dev.flora.ledger.entry.Entry;
import dev.flora.ledger.hash.Digest;
import dev.flora.service.rules.CaseState;

/**
 * One row of {@code ledger_entry} to insert: the entry, its canonical bytes and leaf hash, and the
 * state of its case after it (the case projection is the case's latest row).
 */
public record EntryRow(Entry entry, byte[] bytes, Digest leafHash, CaseState caseAfter) {

    public String federalState() {
        return caseAfter.federalState();
    }

    public long caseRevision() {
        return caseAfter.revision();
    }

    AppendResult result() {
        return new AppendResult(entry.index(), leafHash, entry.recordedTime(), caseRevision());
    }
}
