package dev.flora.ledger.proof;

import dev.flora.ledger.hash.Digest;

/** The root computed from a proof differs from the root the verifier was given. */
public final class RootMismatchException extends ProofVerificationException {

    private static final long serialVersionUID = 1L;

    private final transient Digest expected;
    private final transient Digest computed;

    public RootMismatchException(String what, Digest expected, Digest computed) {
        super(what + " mismatch: expected " + expected.toHex() + ", computed " + computed.toHex());
        this.expected = expected;
        this.computed = computed;
    }

    /** The root the verifier was given (from a checkpoint). */
    public Digest expected() {
        return expected;
    }

    /** The root computed from the proof. */
    public Digest computed() {
        return computed;
    }
}
