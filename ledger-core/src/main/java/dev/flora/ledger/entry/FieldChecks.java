package dev.flora.ledger.entry;

import java.time.Instant;

/**
 * The field rules of the v1 encoding, one public check per field, for callers that validate
 * input field by field (the service answers each invalid field separately). Each check throws
 * {@link IllegalArgumentException} with a precise message, exactly as the record constructors do.
 */
public final class FieldChecks {

    private FieldChecks() {
    }

    /** 1..128 UTF-8 bytes, well-formed, no control characters. */
    public static void caseRef(String value) {
        FieldRules.requireText("case reference", value, 1, FieldRules.MAX_CASE_REF_BYTES);
    }

    /** {@code [a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*}, 1..64 bytes. */
    public static void eventType(String value) {
        FieldRules.requireIdentifier("event type", value, FieldRules.MAX_EVENT_TYPE_BYTES,
                FieldRules::isEventType, FieldRules.EVENT_TYPE_GRAMMAR);
    }

    /** 1..128 UTF-8 bytes, well-formed, no control characters. */
    public static void requestId(String value) {
        FieldRules.requireText("request id", value, 1, FieldRules.MAX_REQUEST_ID_BYTES);
    }

    /** {@code [a-z][a-z0-9_]*}, 1..64 bytes. */
    public static void attributeKey(String value) {
        FieldRules.requireIdentifier("attribute key", value, FieldRules.MAX_KEY_BYTES,
                FieldRules::isAttributeKey, FieldRules.KEY_GRAMMAR);
    }

    /** 0..1024 UTF-8 bytes, well-formed, no control characters. */
    public static void attributeText(String value) {
        FieldRules.requireText("attribute text", value, 0, FieldRules.MAX_TEXT_BYTES);
    }

    /** Whole microseconds that fit in int64 microseconds since the epoch. */
    public static void time(String field, Instant value) {
        FieldRules.toMicros(field, value);
    }

    /** The largest number of attributes one status change may carry. */
    public static int maxAttributes() {
        return FieldRules.MAX_ATTRIBUTES;
    }
}
