package dev.flora.ledger.entry;

/**
 * Bytes are not a valid v1 entry. Checked, because every caller that decodes stored or received
 * bytes MUST decide what a malformed entry means for it (a verifier reports tampering at that
 * index; a reader fails the request).
 */
public final class EntryFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final EntryFormatError reason;
    private final int offset;

    /** {@code message} names the field, the offset and the offending values. */
    public EntryFormatException(EntryFormatError reason, int offset, String message) {
        super(message);
        if (reason == null) {
            throw new IllegalArgumentException("reason is null");
        }
        this.reason = reason;
        this.offset = offset;
    }

    /** The stable reason. */
    public EntryFormatError reason() {
        return reason;
    }

    /** Byte offset of the problem in the decoded input. */
    public int offset() {
        return offset;
    }

    @Override
    public String toString() {
        return "EntryFormatException[" + reason + " at " + offset + "]: " + getMessage();
    }
}
