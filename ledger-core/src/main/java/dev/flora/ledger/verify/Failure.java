package dev.flora.ledger.verify;

/** Why a ledger failed verification. Each value is stable and may be matched on by callers. */
public enum Failure {
    /** An entry's bytes are not a valid canonical encoding. */
    MALFORMED_ENTRY,
    /** An entry carries a higher index than its position: entries before it are missing. */
    MISSING_ENTRY,
    /** An entry carries a lower index than its position: it is a duplicate or out of order. */
    REORDERED_ENTRY,
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
