package dev.flora.ledger.checkpoint;

/**
 * Why a signed note, a key or a checkpoint was rejected.
 *
 * <p>Every parse and verification failure in this package is one of these, with a stable
 * {@link Reason} (for callers and for the service's error mapping) and a message that names the
 * offending values. It is unchecked because a rejected checkpoint is an answer, not a crash: the
 * caller decides, and {@link #reason()} tells it enough to decide.
 */
public final class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The stable, UPPER_SNAKE failure reasons. */
    public enum Reason {
        /** The note text breaks the signed-note format (separator, signature lines, characters). */
        MALFORMED_NOTE,
        /** A verified note body is not a well-formed tlog-checkpoint body. */
        MALFORMED_CHECKPOINT,
        /** A verifier key ("vkey") or private key text is not well formed or is inconsistent. */
        MALFORMED_KEY,
        /** The note carries no signature by the key name and key id we trust. */
        UNKNOWN_KEY,
        /** A signature by the trusted key name and id does not verify over the note text. */
        BAD_SIGNATURE,
        /** The signature and body are good, but the checkpoint is for another log. */
        WRONG_ORIGIN
    }

    private final Reason reason;

    CheckpointException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    static CheckpointException malformedNote(String message) {
        return new CheckpointException(Reason.MALFORMED_NOTE, message);
    }

    static CheckpointException malformedCheckpoint(String message) {
        return new CheckpointException(Reason.MALFORMED_CHECKPOINT, message);
    }

    static CheckpointException malformedKey(String message) {
        return new CheckpointException(Reason.MALFORMED_KEY, message);
    }

    /** The stable reason, for programmatic handling. */
    public Reason reason() {
        return reason;
    }
}
