package dev.flora.service.append;

import dev.flora.ledger.entry.StatusChange;
import dev.flora.service.rules.Authority;

/**
 * One validated append request: the caller, the change (whose issuing authority and request id
 * are the caller's) and the optional expected case revision (-1 when absent).
 */
public record AppendCommand(Authority caller, StatusChange change, long expectedRevision) {

    /** The value of {@link #expectedRevision} when the request did not set one. */
    public static final long ANY_REVISION = -1;

    public AppendCommand {
        if (!caller.id().equals(change.issuingAuthority())) {
            throw new IllegalArgumentException("change issued by " + change.issuingAuthority()
                    + " submitted by " + caller.id());
        }
        if (expectedRevision < ANY_REVISION) {
            throw new IllegalArgumentException("expected revision " + expectedRevision + " < 0");
        }
    }

    /** The idempotency key: (issuing authority, request id). */
    public RequestKey key() {
        return new RequestKey(change.issuingAuthority(), change.requestId());
    }

    /**
     * The idempotency key of an append. Hashed several times per append by the batch planner:
     * the hash is written out rather than left to the record's generated one.
     */
    public record RequestKey(String authorityId, String requestId) {
        @Override
        public int hashCode() {
            return 31 * authorityId.hashCode() + requestId.hashCode();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof RequestKey key && requestId.equals(key.requestId)
                    && authorityId.equals(key.authorityId);
        }
    }
}
