package dev.flora.service.append;

import dev.flora.ledger.hash.Digest;
import java.time.Instant;

/**
 * What an acknowledged append returns. Once returned, these values MUST never change: the entry
 * is committed.
 */
public record AppendResult(long index, Digest leafHash, Instant recordedTime, long caseRevision) {
}
