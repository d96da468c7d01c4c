package dev.flora.service.api;

import com.google.protobuf.Timestamp;
import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.ledger.entry.AttributeValue;
import dev.flora.ledger.entry.Attributes;
import dev.flora.ledger.entry.FieldChecks;
import dev.flora.ledger.entry.StatusChange;
import dev.flora.ledger.hash.Digest;
import dev.flora.service.append.AppendCommand;
import dev.flora.service.error.FloraException;
import dev.flora.service.error.FloraException.FieldViolation;
import dev.flora.service.rules.Authority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an {@link AppendRequest} into an {@link AppendCommand}, checking every field against the
 * v1 entry format and collecting every violation (field paths as in the proto, e.g.
 * {@code change.attributes[outcome]}), so a client learns all its mistakes at once.
 */
final class RequestMapping {

    private RequestMapping() {
    }

    static AppendCommand toCommand(AppendRequest request, Authority caller) {
        List<FieldViolation> violations = new ArrayList<>();
        if (!request.hasChange()) {
            check(violations, "request_id", () -> FieldChecks.requestId(request.getRequestId()));
            violations.add(new FieldViolation("change", "is required"));
            throw FloraException.invalidFields(violations);
        }
        var change = request.getChange();
        Instant effective = effectiveTime(change.hasEffectiveTime(), change.getEffectiveTime(),
                violations);
        Attributes attributes = attributes(change.getAttributesMap(), violations);
        Optional<Digest> commitment = commitment(change.getPayloadCommitment().toByteArray(),
                violations);
        if (request.hasExpectedCaseRevision() && request.getExpectedCaseRevision() < 0) {
            violations.add(new FieldViolation("expected_case_revision",
                    "must be >= 0, got " + request.getExpectedCaseRevision()));
        }
        StatusChange statusChange = null;
        IllegalArgumentException invalid = null;
        if (violations.isEmpty()) {
            // The record checks request id, case ref and event type itself: checked once when
            // they are valid; field by field below only to name what is wrong.
            try {
                statusChange = new StatusChange(change.getCaseRef(), change.getEventType(),
                        caller.id(), effective, attributes, commitment, request.getRequestId());
            } catch (IllegalArgumentException e) {
                invalid = e;
            }
        }
        if (statusChange == null) {
            List<FieldViolation> all = new ArrayList<>();
            check(all, "request_id", () -> FieldChecks.requestId(request.getRequestId()));
            check(all, "change.case_ref", () -> FieldChecks.caseRef(change.getCaseRef()));
            check(all, "change.event_type", () -> FieldChecks.eventType(change.getEventType()));
            all.addAll(violations);
            if (all.isEmpty()) {
                all.add(new FieldViolation("change", invalid.getMessage()));
            }
            throw FloraException.invalidFields(all);
        }
        return new AppendCommand(caller, statusChange, request.hasExpectedCaseRevision()
                ? request.getExpectedCaseRevision() : AppendCommand.ANY_REVISION);
    }

    private static Instant effectiveTime(boolean present, Timestamp time,
            List<FieldViolation> violations) {
        if (!present) {
            violations.add(new FieldViolation("change.effective_time", "is required"));
            return null;
        }
        if (time.getNanos() < 0 || time.getNanos() > 999_999_999) {
            violations.add(new FieldViolation("change.effective_time",
                    "nanos " + time.getNanos() + " outside 0..999999999"));
            return null;
        }
        try {
            Instant instant = Instant.ofEpochSecond(time.getSeconds(), time.getNanos());
            FieldChecks.time("effective time", instant);
            return instant;
        } catch (RuntimeException e) {
            violations.add(new FieldViolation("change.effective_time", e.getMessage()));
            return null;
        }
    }

    private static Attributes attributes(Map<String, dev.flora.api.ledger.v1.AttributeValue> map,
            List<FieldViolation> violations) {
        if (map.size() > FieldChecks.maxAttributes()) {
            violations.add(new FieldViolation("change.attributes", map.size()
                    + " attributes, at most " + FieldChecks.maxAttributes() + " allowed"));
            return null;
        }
        Attributes.Builder builder = Attributes.builder();
        map.forEach((key, value) -> {
            try {
                FieldChecks.attributeKey(key);
                builder.put(key, toValue(value));
            } catch (IllegalArgumentException e) {
                violations.add(new FieldViolation("change.attributes[" + key + "]",
                        e.getMessage()));
            }
        });
        return builder.build();
    }

    private static AttributeValue toValue(dev.flora.api.ledger.v1.AttributeValue value) {
        return switch (value.getValueCase()) {
            case TEXT_VALUE -> {
                FieldChecks.attributeText(value.getTextValue());
                yield AttributeValue.text(value.getTextValue());
            }
            case INT_VALUE -> AttributeValue.of(value.getIntValue());
            case BOOL_VALUE -> AttributeValue.of(value.getBoolValue());
            case VALUE_NOT_SET -> throw new IllegalArgumentException("has no value");
        };
    }

    private static Optional<Digest> commitment(byte[] bytes, List<FieldViolation> violations) {
        if (bytes.length == 0) {
            return Optional.empty();
        }
        if (bytes.length != Digest.LENGTH) {
            violations.add(new FieldViolation("change.payload_commitment",
                    "is " + bytes.length + " bytes, want 0 or 32"));
            return Optional.empty();
        }
        return Optional.of(Digest.of(bytes));
    }

    private static void check(List<FieldViolation> violations, String field, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            violations.add(new FieldViolation(field, e.getMessage()));
        }
    }
}
