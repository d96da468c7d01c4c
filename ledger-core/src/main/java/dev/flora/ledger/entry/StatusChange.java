package dev.flora.ledger.entry;

import dev.flora.ledger.hash.Digest;
import java.time.Instant;
import java.util.Optional;

/**
 * One status change of one case, as a client submits it. The constructor enforces exactly the
 * limits of the v1 encoding (see {@link EntryCodec}), so every instance can be encoded.
 *
 * @param caseRef pseudonymous case reference: 1..128 UTF-8 bytes, no control characters; it
 *     MUST NOT carry personal data
 * @param eventType catalogue event type, {@code [a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*}, 1..64 bytes
 * @param issuingAuthority authority id, {@code [a-z0-9]+(-[a-z0-9]+)*}, 1..64 bytes
 * @param effectiveTime when the change took effect; whole microseconds
 * @param attributes typed procedural facts, at most 32
 * @param payloadCommitment salted commitment to an off-ledger payload, if there is one
 * @param requestId the client's idempotency key: 1..128 UTF-8 bytes, no control characters
 */
public record StatusChange(
        String caseRef,
        String eventType,
        String issuingAuthority,
        Instant effectiveTime,
        Attributes attributes,
        Optional<Digest> payloadCommitment,
        String requestId) {

    public StatusChange {
        FieldRules.requireText("case reference", caseRef, 1, FieldRules.MAX_CASE_REF_BYTES);
        FieldRules.requireIdentifier("event type", eventType, FieldRules.MAX_EVENT_TYPE_BYTES,
                FieldRules::isEventType, FieldRules.EVENT_TYPE_GRAMMAR);
        FieldRules.requireIdentifier("issuing authority", issuingAuthority,
                FieldRules.MAX_AUTHORITY_BYTES, FieldRules::isAuthority,
                FieldRules.AUTHORITY_GRAMMAR);
        FieldRules.toMicros("effective time", effectiveTime);
        FieldRules.requireNonNull("attributes", attributes);
        FieldRules.requireNonNull("payload commitment", payloadCommitment);
        FieldRules.requireText("request id", requestId, 1, FieldRules.MAX_REQUEST_ID_BYTES);
    }
}
