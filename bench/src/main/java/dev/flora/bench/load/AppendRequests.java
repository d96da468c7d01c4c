package dev.flora.bench.load;

import com.google.protobuf.Timestamp;
import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.api.ledger.v1.AttributeValue;
import dev.flora.api.ledger.v1.StatusChange;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes {@code registered} appends for new cases in DE-SN, each with a case_ref and request_id
 * never used before: the run id keeps them apart from earlier runs against the same database,
 * the counter within a run. Safe for concurrent use.
 */
final class AppendRequests {
    private final String runId;
    private final Timestamp effectiveTime;
    private final AtomicLong counter = new AtomicLong();

    AppendRequests(String runId, Instant effective) {
        if (runId.isBlank() || runId.length() > 40) {
            throw new IllegalArgumentException("run id '" + runId + "' must have 1..40 characters");
        }
        this.runId = runId;
        // The service rejects sub-microsecond effective times.
        this.effectiveTime = Timestamp.newBuilder().setSeconds(effective.getEpochSecond()).build();
    }

    /** A fresh append; no two calls on one instance share a case_ref or request_id. */
    AppendRequest next() {
        long n = counter.getAndIncrement();
        StatusChange change = StatusChange.newBuilder()
                .setCaseRef("bench-" + runId + "-" + n)
                .setEventType("registered")
                .setEffectiveTime(effectiveTime)
                .putAttributes("federal_state", AttributeValue.newBuilder().setTextValue("DE-SN").build())
                .build();
        return AppendRequest.newBuilder().setRequestId("req-" + runId + "-" + n).setChange(change).build();
    }

    /** Appends made so far. */
    long made() {
        return counter.get();
    }
}
