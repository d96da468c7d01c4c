package dev.flora.ledger.verify;

import dev.flora.ledger.hash.Digest;

/**
 * A failure seen at one entry whose diagnosis needs the entry after it (see
 * {@link LedgerVerifier}). Exactly one of {@link #next} or {@link #atEnd} is called.
 */
abstract class Judgement {

    /** The diagnosis once the next entry (its index, and whether it chains) is known. */
    abstract VerificationException next(long nextIndex, boolean nextChains);

    /** The diagnosis when the ledger ends instead. */
    abstract VerificationException atEnd();

    /** The entry at {@code position} carries {@code index > position}. */
    static Judgement gap(long position, long index) {
        return new Judgement() {
            @Override
            VerificationException next(long nextIndex, boolean nextChains) {
                if (nextIndex == position) {
                    return new VerificationException(Failure.REORDERED_ENTRY, position,
                            "entries " + position + " and " + index + " are out of order: entry "
                                    + index + " comes before entry " + position);
                }
                return atEnd();
            }

            @Override
            VerificationException atEnd() {
                return new VerificationException(Failure.MISSING_ENTRY, position,
                        "entry at position " + position + " has index " + index + ": entries "
                                + position + ".." + (index - 1) + " are missing");
            }
        };
    }

    /** The entry at {@code position} records {@code recorded}, not the leaf hash {@code expected}. */
    static Judgement brokenLink(long position, Digest expected, Digest recorded) {
        return new Judgement() {
            @Override
            VerificationException next(long nextIndex, boolean nextChains) {
                if (nextChains) {
                    return atEnd();
                }
                return new VerificationException(Failure.BROKEN_CHAIN, position, "entry "
                        + position + " was changed: its previous hash " + recorded
                        + " is not the leaf hash " + expected + " of entry " + (position - 1)
                        + ", and entry " + (position + 1) + " does not chain to it either");
            }

            @Override
            VerificationException atEnd() {
                return new VerificationException(Failure.CHANGED_ENTRY, position - 1, "entry "
                        + (position - 1) + " was changed: its leaf hash is " + expected
                        + " but entry " + position + " records previous hash " + recorded);
            }
        };
    }
}
