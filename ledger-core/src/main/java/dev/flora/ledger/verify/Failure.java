package dev.flora.ledger.verify;

/** Why a ledger failed verification. Each value is stable and may be matched on by callers. */
public enum Failure {
    /** An entry's bytes are not a valid canonical encoding. */
    MALFORMED_ENTRY,
    /** An entry carries a higher index than its position, and the next does not fill the gap. */
    MISSING_ENTRY,
    /** Entries appear out of order, or one appears twice. */
    REORDERED_ENTRY,
    /**
     * Two consecutive entries claim the same index and the same predecessor: one of them was
     * inserted into the chain.
     */
    INSERTED_ENTRY,
    /**
     * An entry's previous hash does not match the leaf hash of the entry before it and the chain
     * continues intact after it: the entry before it was changed (or inserted with a forged index).
     */
    CHANGED_ENTRY,
    /**
     * An entry's previous hash does not match and neither does the next entry's: the entry
     * itself was changed or replaced.
     */
    BROKEN_CHAIN,
    /** The checkpoint note is malformed, or its signature does not verify with the given key. */
    BAD_CHECKPOINT,
    /** The checkpoint commits to a larger tree than the entries given. */
    TRUNCATED_LEDGER,
    /** The root of the first {@code size} entries differs from the root the checkpoint signs. */
    ROOT_MISMATCH
}
