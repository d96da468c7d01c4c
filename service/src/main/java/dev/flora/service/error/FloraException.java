package dev.flora.service.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure with a stable {@link Reason}. Thrown anywhere in the service; {@link GrpcErrors} is
 * the one place that turns it into a gRPC status.
 */
public final class FloraException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** One invalid request field: its path (e.g. "change.case_ref") and what is wrong with it. */
    public record FieldViolation(String field, String description) {
    }

    private final Reason reason;
    private final Map<String, String> metadata;
    private final List<FieldViolation> violations;

    private FloraException(Reason reason, String message, Map<String, String> metadata,
            List<FieldViolation> violations) {
        super(message, null, false, false);
        this.reason = reason;
        this.metadata = Map.copyOf(metadata);
        this.violations = List.copyOf(violations);
    }

    /** A failure with a message and dynamic values given as key, value, key, value... */
    public static FloraException of(Reason reason, String message, Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of metadata arguments: "
                    + keyValues.length);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            metadata.put(String.valueOf(keyValues[i]), String.valueOf(keyValues[i + 1]));
        }
        return new FloraException(reason, message, metadata, List.of());
    }

    /** INVALID_FIELD with every violation found (callers collect them all before failing). */
    public static FloraException invalidFields(List<FieldViolation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("no violations");
        }
        String message = violations.size() == 1
                ? violations.get(0).field() + ": " + violations.get(0).description()
                : violations.size() + " invalid fields, first " + violations.get(0).field()
                        + ": " + violations.get(0).description();
        return new FloraException(Reason.INVALID_FIELD, message,
                Map.of("field", violations.get(0).field()), violations);
    }

    public Reason reason() {
        return reason;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
