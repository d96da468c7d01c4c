package dev.flora.ledger.verify;

/**
 * A ledger failed verification. {@link #index()} is the first entry found to be bad, or -1 when
 * the failure concerns the checkpoint or the ledger as a whole.
 */
public final class VerificationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Failure failure;
    private final long index;

    public VerificationException(Failure failure, long index, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.index = index;
    }

    public VerificationException(Failure failure, long index, String message) {
        this(failure, index, message, null);
    }

    /** The kind of failure. */
    public Failure failure() {
        return failure;
    }

    /** The first bad entry's index, or -1 when no single entry is to blame. */
    public long index() {
        return index;
    }
}
