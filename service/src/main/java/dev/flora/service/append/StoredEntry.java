package dev.flora.service.append;

import dev.flora.ledger.hash.Digest;
import java.time.Instant;

/** An entry already in the ledger, as needed to answer an idempotent retry. */
public record StoredEntry(long index, Digest leafHash, byte[] entryBytes, Instant recordedTime,
        long caseRevision) {

    AppendResult result() {
        return new AppendResult(index, leafHash, recordedTime, caseRevision);
    }
}
