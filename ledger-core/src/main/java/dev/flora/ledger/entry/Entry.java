package dev.flora.ledger.entry;

import dev.flora.ledger.hash.Digest;
import java.time.Instant;

/**
 * One ledger entry: a status change at its position in the one global order, chained to the
 * entry before it. Its canonical bytes are {@link EntryCodec#encode(Entry)}; its leaf hash,
 * {@code SHA-256(0x00 || bytes)}, is both the Merkle leaf and the next entry's previous hash.
 *
 * @param index position in the ledger, MUST be >= 0
 * @param previousHash leaf hash of entry {@code index - 1}; MUST be {@link Digest#zero()} for
 *     index 0
 * @param recordedTime when the ledger recorded the entry; whole microseconds
 * @param change the status change
 */
public record Entry(long index, Digest previousHash, Instant recordedTime, StatusChange change) {

    public Entry {
        if (index < 0) {
            throw new IllegalArgumentException("negative index " + index);
        }
        FieldRules.requireNonNull("previous hash", previousHash);
        if (index == 0 && !previousHash.equals(Digest.zero())) {
            throw new IllegalArgumentException(
                    "entry 0 has previous hash " + previousHash + ", want 32 zero bytes");
        }
        FieldRules.toMicros("recorded time", recordedTime);
        FieldRules.requireNonNull("status change", change);
    }
}
