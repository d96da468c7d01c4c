package dev.flora.ledger.proof;

/**
 * A proof did not verify. The message says what failed, with the values involved (for example
 * "wrong proof size 7, want 9" or "index 7 out of range for size 5"); a root that does not match
 * is reported as a {@link RootMismatchException} with both hashes.
 */
public class ProofVerificationException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProofVerificationException(String message) {
        super(message);
    }
}
