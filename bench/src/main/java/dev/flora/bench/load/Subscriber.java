package dev.flora.bench.load;

import dev.flora.api.ledger.v1.SubscribeRequest;
import io.grpc.MethodDescriptor;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;

/**
 * One benchmark subscription: checks that entries arrive in index order without a gap or a
 * duplicate, counts them, and, given the send times of a paced appender, records each entry's
 * append-to-delivery latency.
 *
 * <p>gRPC calls one call's observer from one thread at a time; the monitor only makes the
 * results safe to read from the benchmark's main thread while entries may still arrive.
 */
final class Subscriber implements StreamObserver<Delivery> {
    private static final long MAX_LATENCY_NANOS = 600_000_000_000L;

    private final SendTimes sendTimes;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Histogram latencies;
    private long firstIndex = -1;
    private volatile long lastIndex = -1;
    private volatile long resumeAfter = Long.MIN_VALUE;
    private long entries;
    private long ours;
    private long gaps;
    private long fellBehind;
    private volatile Throwable failure;
    private volatile long caughtUpNanos;

    /**
     * @param sendTimes the paced appender's intended send times, or null when latencies are not
     *     measured
     */
    Subscriber(SendTimes sendTimes) {
        this.sendTimes = sendTimes;
        // ~200 KB each: only subscribers that measure latency have one
        this.latencies = sendTimes == null ? null : new Histogram(MAX_LATENCY_NANOS, 3);
    }

    @Override
    public synchronized void onNext(Delivery delivery) {
        long now = System.nanoTime();
        resumeAfter = delivery.resumeAfterIndex();
        switch (delivery.kind()) {
            case CAUGHT_UP -> {
                caughtUpNanos = now;
                caughtUp.countDown();
            }
            case FELL_BEHIND -> fellBehind++;
            case ENTRIES -> take(delivery, now);
            default -> { }
        }
    }

    private void take(Delivery delivery, long now) {
        long[] indexes = delivery.indexes();
        for (int i = 0; i < indexes.length; i++) {
            if (firstIndex < 0) {
                firstIndex = indexes[i];
            } else if (indexes[i] != lastIndex + 1) {
                gaps++;
            }
            lastIndex = indexes[i];
            entries++;
            if (sendTimes != null) {
                long sent = sendTimes.sentNanos(delivery.requestNumbers()[i]);
                if (sent != SendTimes.UNKNOWN) {
                    ours++;
                    if (sent != SendTimes.NOT_MEASURED) {
                        latencies.recordValue(Math.min(MAX_LATENCY_NANOS, Math.max(0, now - sent)));
                    }
                }
            }
        }
    }

    @Override
    public void onError(Throwable t) {
        failure = t;
        caughtUp.countDown();
        ended.countDown();
    }

    @Override
    public void onCompleted() {
        ended.countDown();
    }

    /** Subscribe, decoding request numbers after this subscriber's send-times prefix. */
    MethodDescriptor<SubscribeRequest, Delivery> method() {
        return Delivery.method(sendTimes == null ? null : sendTimes.prefix);
    }

    CountDownLatch caughtUp() {
        return caughtUp;
    }

    /** The resume_after_index of the last message received, Long.MIN_VALUE before the first. */
    long resumeAfter() {
        return resumeAfter;
    }

    Throwable failure() {
        return failure;
    }

    /** The index of the last entry received, -1 before the first. */
    long lastIndex() {
        return lastIndex;
    }

    long caughtUpNanos() {
        return caughtUpNanos;
    }

    /** What this subscriber received so far. */
    synchronized Tally tally() {
        return new Tally(firstIndex, lastIndex, entries, ours, gaps, fellBehind,
                latencies == null ? null : latencies.copy());
    }

    /**
     * @param ours entries whose request id the appender sent in this run
     * @param gaps entries whose index did not follow the one before
     * @param latencies append-to-delivery nanoseconds of measured entries; null without send times
     */
    record Tally(long firstIndex, long lastIndex, long entries, long ours, long gaps, long fellBehind,
            Histogram latencies) {
    }

    /** Send times of a paced appender, by request number. */
    static final class SendTimes {
        static final long UNKNOWN = Long.MIN_VALUE;
        static final long NOT_MEASURED = Long.MIN_VALUE + 1;
        private final String prefix;
        private final AtomicLongArray nanos;

        /** @param prefix the request ids' prefix before the request number ("req-run-") */
        SendTimes(String prefix, int capacity) {
            this.prefix = prefix;
            this.nanos = new AtomicLongArray(capacity);
            for (int i = 0; i < capacity; i++) {
                nanos.set(i, UNKNOWN);
            }
        }

        int capacity() {
            return nanos.length();
        }

        /** Records request {@code n}'s send time; NOT_MEASURED for a warm-up request. */
        void sent(long n, long sendNanos) {
            nanos.set((int) n, sendNanos);
        }

        /** The send time of request {@code n} (-1: not one of ours). */
        long sentNanos(long n) {
            return n >= 0 && n < nanos.length() ? nanos.get((int) n) : UNKNOWN;
        }
    }
}
