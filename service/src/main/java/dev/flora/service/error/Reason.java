package dev.flora.service.error;

import io.grpc.Status.Code;

/**
 * Every reason Flora fails a call for: a stable UPPER_SNAKE name (the {@code ErrorInfo.reason})
 * and its canonical gRPC code. Clients may match on these names; docs/api.md lists each one.
 * A reason MUST NOT be renamed or reused for another meaning.
 */
public enum Reason {
    /** One or more request fields are malformed; BadRequest lists each field. */
    INVALID_FIELD(Code.INVALID_ARGUMENT),
    /** The event type is not in the event catalogue. */
    UNKNOWN_EVENT_TYPE(Code.INVALID_ARGUMENT),
    /** The event type requires an attribute the change does not have. */
    MISSING_ATTRIBUTE(Code.INVALID_ARGUMENT),
    /** An attribute is not allowed for the event type, or has the wrong type or value. */
    INVALID_ATTRIBUTE(Code.INVALID_ARGUMENT),
    /** No caller identity was presented. */
    UNAUTHENTICATED(Code.UNAUTHENTICATED),
    /** The presented identity is not a registered authority. */
    UNKNOWN_AUTHORITY(Code.UNAUTHENTICATED),
    /** The caller's authority kind may not issue this event type. */
    EVENT_NOT_ALLOWED_FOR_AUTHORITY(Code.PERMISSION_DENIED),
    /** The case (or the state it moves to) is in a federal state the caller does not serve. */
    FEDERAL_STATE_NOT_SERVED(Code.PERMISSION_DENIED),
    /** The case's current stage does not allow this event type (e.g. a permit before a decision). */
    TRANSITION_NOT_ALLOWED(Code.FAILED_PRECONDITION),
    /** The case's revision differs from the expected revision in the request. */
    WRONG_EXPECTED_REVISION(Code.FAILED_PRECONDITION),
    /** A correction or erasure names an entry that is not an earlier entry of the same case. */
    INVALID_REFERENCE(Code.FAILED_PRECONDITION),
    /** The request_id was used before by this authority for a different change. */
    REQUEST_ID_CONFLICT(Code.ALREADY_EXISTS),
    /** The case does not exist, or is not visible to the caller. */
    CASE_NOT_FOUND(Code.NOT_FOUND),
    /** The caller has no durable subscription of that name. */
    SUBSCRIPTION_NOT_FOUND(Code.NOT_FOUND),
    /** No checkpoint has been signed yet. */
    NO_CHECKPOINT(Code.NOT_FOUND),
    /** An index or tree size is outside the committed ledger. */
    OUT_OF_RANGE(Code.OUT_OF_RANGE),
    /** This replica is shutting down; nothing was written; retry on another replica. */
    SHUTTING_DOWN(Code.UNAVAILABLE),
    /** Too many appends are waiting; retry with backoff. */
    OVERLOADED(Code.RESOURCE_EXHAUSTED),
    /**
     * The database is unreachable or the transaction failed; if the connection was lost around
     * COMMIT the outcome is unknown. Retrying with the same request id is safe and tells.
     */
    STORAGE_UNAVAILABLE(Code.UNAVAILABLE),
    /** A bug. Nothing was written. */
    INTERNAL(Code.INTERNAL);

    private final Code code;

    Reason(Code code) {
        this.code = code;
    }

    /** The canonical gRPC status code this reason is returned with. */
    public Code code() {
        return code;
    }
}
