package dev.flora.service.checkpoint;

import dev.flora.ledger.hash.Digest;

/** A signed checkpoint as stored in the {@code checkpoint} table. */
public record StoredCheckpoint(long treeSize, Digest rootHash, String signedNote) {
}
