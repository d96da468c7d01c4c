package dev.flora.ledger.checkpoint;

/**
 * Verifies a log's signed checkpoint: the note is signed by the trusted key, the body is a
 * well-formed checkpoint, and the checkpoint is for the expected log.
 *
 * <p>The order matters: nothing in the body is looked at before the signature verified, so an
 * attacker's text can only ever produce MALFORMED_NOTE, UNKNOWN_KEY or BAD_SIGNATURE.
 *
 * @param key the log's trusted verifier key
 * @param expectedOrigin the origin line the log MUST put in its checkpoints
 */
public record CheckpointVerifier(NoteVerifier key, String expectedOrigin) {

    public CheckpointVerifier {
        if (key == null) {
            throw new IllegalArgumentException("verifier key is null");
        }
        if (expectedOrigin == null || expectedOrigin.isEmpty()) {
            throw new IllegalArgumentException("expected origin is empty");
        }
    }

    /**
     * The verified checkpoint of a note's text, or a {@link CheckpointException} whose reason is
     * MALFORMED_NOTE, UNKNOWN_KEY, BAD_SIGNATURE, MALFORMED_CHECKPOINT or WRONG_ORIGIN.
     */
    public Checkpoint verify(String noteText) {
        return verify(SignedNote.parse(noteText));
    }

    /** As {@link #verify(String)}, for the note's raw bytes, which MUST be valid UTF-8. */
    public Checkpoint verify(byte[] noteUtf8) {
        return verify(SignedNote.parse(noteUtf8));
    }

    /** As {@link #verify(String)}, for a parsed note. */
    public Checkpoint verify(SignedNote note) {
        Checkpoint checkpoint = Checkpoint.parse(note.verify(key));
        if (!checkpoint.origin().equals(expectedOrigin)) {
            throw new CheckpointException(CheckpointException.Reason.WRONG_ORIGIN,
                    "checkpoint origin \"" + checkpoint.origin() + "\", want \""
                    + expectedOrigin + "\"");
        }
        return checkpoint;
    }
}
