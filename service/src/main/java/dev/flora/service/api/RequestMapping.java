package dev.flora.service.api;

import dev.flora.api.ledger.v1.AppendRequest;
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
import java.util.Optional;

/**
 * Turns an {@link AppendRequest} (its {@link AppendFields}) into an {@link AppendCommand},
 * checking every field against the v1 entry format and collecting every violation (field paths
 * as in the proto, e.g. {@code change.attributes[outcome]}), so a client learns all its mistakes
 * at once.
 */
final class RequestMapping {

    private RequestMapping() {
    }

    static AppendCommand toCommand(AppendRequest request, Authority caller) {
        return toCommand(AppendFields.of(request), caller);
    }

    static AppendCommand toCommand(AppendFields request, Authority caller) {
        List<FieldViolation> violations = new ArrayList<>();
        if (!request.hasChange()) {
            check(violations, "request_id", () -> FieldChecks.requestId(request.requestId()));
            violations.add(new FieldViolation("change", "is required"));
            throw FloraException.invalidFields(violations);
        }
        Instant effective = effectiveTime(request, violations);
        Attributes attributes = attributes(request, violations);
        Optional<Digest> commitment = commitment(request.payloadCommitment(), violations);
        if (request.hasExpectedCaseRevision() && request.expectedCaseRevision() < 0) {
            violations.add(new FieldViolation("expected_case_revision",
                    "must be >= 0, got " + request.expectedCaseRevision()));
        }
        StatusChange statusChange = null;
        IllegalArgumentException invalid = null;
        if (violations.isEmpty()) {
            // The record checks request id, case ref and event type itself: checked once when
            // they are valid; field by field below only to name what is wrong.
            try {
                statusChange = new StatusChange(request.caseRef(), request.eventType(),
                        caller.id(), effective, attributes, commitment, request.requestId());
            } catch (IllegalArgumentException e) {
                invalid = e;
            }
        }
        if (statusChange == null) {
            List<FieldViolation> all = new ArrayList<>();
            check(all, "request_id", () -> FieldChecks.requestId(request.requestId()));
            check(all, "change.case_ref", () -> FieldChecks.caseRef(request.caseRef()));
            check(all, "change.event_type", () -> FieldChecks.eventType(request.eventType()));
            all.addAll(violations);
            if (all.isEmpty()) {
                all.add(new FieldViolation("change", invalid.getMessage()));
            }
            throw FloraException.invalidFields(all);
        }
        return new AppendCommand(caller, statusChange, request.hasExpectedCaseRevision()
                ? request.expectedCaseRevision() : AppendCommand.ANY_REVISION);
    }

    private static Instant effectiveTime(AppendFields request, List<FieldViolation> violations) {
        if (!request.hasEffectiveTime()) {
            violations.add(new FieldViolation("change.effective_time", "is required"));
            return null;
        }
        int nanos = request.effectiveNanos();
        if (nanos < 0 || nanos > 999_999_999) {
            violations.add(new FieldViolation("change.effective_time",
                    "nanos " + nanos + " outside 0..999999999"));
            return null;
        }
        try {
            Instant instant = Instant.ofEpochSecond(request.effectiveSeconds(), nanos);
            FieldChecks.time("effective time", instant);
            return instant;
        } catch (RuntimeException e) {
            violations.add(new FieldViolation("change.effective_time", e.getMessage()));
            return null;
        }
    }

    private static Attributes attributes(AppendFields request, List<FieldViolation> violations) {
        int count = request.attributeCount();
        if (count > FieldChecks.maxAttributes()) {
            violations.add(new FieldViolation("change.attributes", count
                    + " attributes, at most " + FieldChecks.maxAttributes() + " allowed"));
            return null;
        }
        Attributes.Builder builder = Attributes.builder();
        for (int i = 0; i < count; i++) {
            String key = request.attributeKey(i);
            try {
                FieldChecks.attributeKey(key);
                builder.put(key, request.attributeValue(i));
            } catch (IllegalArgumentException e) {
                violations.add(new FieldViolation("change.attributes[" + key + "]",
                        e.getMessage()));
            }
        }
        return builder.build();
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
