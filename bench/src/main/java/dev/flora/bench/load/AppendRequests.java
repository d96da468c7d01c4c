package dev.flora.bench.load;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Timestamp;
import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.api.ledger.v1.AppendStreamRequest;
import dev.flora.api.ledger.v1.AttributeValue;
import dev.flora.api.ledger.v1.StatusChange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes {@code registered} appends for new cases in DE-SN, each with a case_ref and request_id
 * never used before: the run id keeps them apart from earlier runs against the same database,
 * the counter within a run. Safe for concurrent use.
 *
 * <p>The stream load sends {@link #nextMessage} instead of messages built from {@link #next}:
 * the same bytes the generated classes write (AppendRequestsTest compares them), written straight
 * into one array. Building and encoding the messages through the generated builders (a map field
 * per append) cost the generator ~2.5 µs of CPU per streamed append, taken from the service and
 * PostgreSQL it measures on the same cores; pgbench, the baseline, spends next to nothing.
 */
final class AppendRequests {
    /** The field tags (number << 3 | length-delimited) of the messages written here. */
    private static final int TAG_1 = 1 << 3 | 2;
    private static final int TAG_2 = 2 << 3 | 2;

    private final String runId;
    private final Timestamp effectiveTime;
    private final AtomicLong counter = new AtomicLong();
    private final byte[] requestIdPrefix;
    private final byte[] caseRefPrefix;
    /** A StatusChange's fields after case_ref: event type, effective time, attributes. */
    private final byte[] changeTail;

    AppendRequests(String runId, Instant effective) {
        if (runId.isBlank() || runId.length() > 40) {
            throw new IllegalArgumentException("run id '" + runId + "' must have 1..40 characters");
        }
        this.runId = runId;
        // The service rejects sub-microsecond effective times.
        this.effectiveTime = Timestamp.newBuilder().setSeconds(effective.getEpochSecond()).build();
        this.requestIdPrefix = requestId("").getBytes(StandardCharsets.UTF_8);
        this.caseRefPrefix = caseRef("").getBytes(StandardCharsets.UTF_8);
        // proto3 writes fields in number order and leaves an empty case_ref out: what follows it
        this.changeTail = change("").toByteArray();
    }

    /** A fresh append; no two calls on one instance share a case_ref or request_id. */
    AppendRequest next() {
        long n = counter.getAndIncrement();
        return AppendRequest.newBuilder().setRequestId(requestId(Long.toString(n)))
                .setChange(change(caseRef(Long.toString(n)))).build();
    }

    /**
     * The wire form of an {@link AppendStreamRequest} of {@code count} fresh appends: the bytes
     * of a message holding {@code count} calls of {@link #next} (made in one step).
     */
    byte[] nextMessage(int count) {
        long first = counter.getAndAdd(count);
        int size = 0;
        for (int i = 0; i < count; i++) {
            int request = requestSize(digits(first + i));
            size += 1 + varintSize(request) + request;
        }
        byte[] out = new byte[size];
        int pos = 0;
        byte[] number = new byte[20];
        for (int i = 0; i < count; i++) {
            int digits = writeDigits(first + i, number);
            out[pos++] = TAG_1;
            pos = writeVarint(out, pos, requestSize(digits));
            out[pos++] = TAG_1;
            pos = writeVarint(out, pos, requestIdPrefix.length + digits);
            pos = write(out, pos, requestIdPrefix, number, digits);
            out[pos++] = TAG_2;
            pos = writeVarint(out, pos, changeSize(digits));
            out[pos++] = TAG_1;
            pos = writeVarint(out, pos, caseRefPrefix.length + digits);
            pos = write(out, pos, caseRefPrefix, number, digits);
            System.arraycopy(changeTail, 0, out, pos, changeTail.length);
            pos += changeTail.length;
        }
        if (pos != size) {
            throw new IllegalStateException("wrote " + pos + " of " + size + " bytes");
        }
        return out;
    }

    /** Appends made so far. */
    long made() {
        return counter.get();
    }

    private String requestId(String number) {
        return "req-" + runId + "-" + number;
    }

    private String caseRef(String number) {
        return "bench-" + runId + "-" + number;
    }

    private StatusChange change(String caseRef) {
        return StatusChange.newBuilder()
                .setCaseRef(caseRef)
                .setEventType("registered")
                .setEffectiveTime(effectiveTime)
                .putAttributes("federal_state", AttributeValue.newBuilder().setTextValue("DE-SN").build())
                .build();
    }

    /** The size of an AppendRequest whose counter has {@code digits} decimal digits. */
    private int requestSize(int digits) {
        int requestId = requestIdPrefix.length + digits;
        int change = changeSize(digits);
        return 1 + varintSize(requestId) + requestId + 1 + varintSize(change) + change;
    }

    /** The size of its StatusChange: case_ref, then the fields every append shares. */
    private int changeSize(int digits) {
        int caseRef = caseRefPrefix.length + digits;
        return 1 + varintSize(caseRef) + caseRef + changeTail.length;
    }

    private static int digits(long n) {
        int digits = 1;
        for (long rest = n / 10; rest > 0; rest /= 10) {
            digits++;
        }
        return digits;
    }

    /** Writes n's decimal digits (ASCII) to the start of {@code into}; returns their count. */
    private static int writeDigits(long n, byte[] into) {
        int digits = digits(n);
        long rest = n;
        for (int i = digits - 1; i >= 0; i--) {
            into[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return digits;
    }

    private static int varintSize(int value) {
        return CodedOutputStream.computeUInt32SizeNoTag(value);
    }

    private static int writeVarint(byte[] out, int pos, int value) {
        int rest = value;
        while ((rest & ~0x7F) != 0) {
            out[pos++] = (byte) (rest & 0x7F | 0x80);
            rest >>>= 7;
        }
        out[pos++] = (byte) rest;
        return pos;
    }

    private static int write(byte[] out, int pos, byte[] prefix, byte[] number, int digits) {
        System.arraycopy(prefix, 0, out, pos, prefix.length);
        System.arraycopy(number, 0, out, pos + prefix.length, digits);
        return pos + prefix.length + digits;
    }
}
