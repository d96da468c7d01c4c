package dev.flora.bench.load;

import dev.flora.api.ledger.v1.AppendResponse;
import dev.flora.api.ledger.v1.LedgerServiceGrpc.LedgerServiceStub;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Open-loop unary load: append number i is due at start + i / rate, whether or not earlier
 * appends have been answered, and its latency runs from that intended time to the answer. A
 * sender that falls behind (GC, a busy core) therefore shows up in the latencies instead of
 * silently lowering the rate (no coordinated omission).
 */
final class UnaryRateLoad {
    private static final long DEADLINE_SECONDS = 10;

    /**
     * The outcome of the measured phase.
     *
     * @param latencies nanoseconds from intended send time to a successful answer
     * @param maxSendLagNanos how late the generator itself sent the most delayed append
     * @param slowSeconds the seconds of the run (from its start, by intended send time) with
     *     answers slower than {@link #SLOW_NANOS}: "second:count/max_ms", in time order; shows
     *     whether a tail comes from a few stalls or from everywhere
     */
    record Result(long sent, long ok, long errors, long unanswered, double seconds,
            Histogram latencies, long maxSendLagNanos, String slowSeconds) {
    }

    /** The latency target of the unary benchmark: answers slower than this are counted. */
    static final long SLOW_NANOS = 10_000_000;

    private UnaryRateLoad() {
    }

    /** Runs the warm-up, then the measured phase; each ends after rate * seconds appends. */
    static Result run(List<LedgerServiceStub> stubs, AppendRequests requests, LoadOptions options)
            throws InterruptedException {
        if (options.warmupSeconds() > 0) {
            phase(stubs, requests, options.rate(), options.warmupSeconds());
        }
        return phase(stubs, requests, options.rate(), options.seconds());
    }

    private static Result phase(List<LedgerServiceStub> stubs, AppendRequests requests, int rate,
            int seconds) throws InterruptedException {
        long total = (long) rate * seconds;
        Histogram latencies = new ConcurrentHistogram(3);
        Slow slow = new Slow(seconds + (int) DEADLINE_SECONDS + 1);
        LongAdder ok = new LongAdder();
        LongAdder errors = new LongAdder();
        CountDownLatch answered = new CountDownLatch((int) total);
        long maxLag = 0;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long intended = start + i * 1_000_000_000L / rate;
            maxLag = Math.max(maxLag, waitUntil(intended));
            stubs.get((int) (i % stubs.size())).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .append(requests.next(), new Answer(intended, start, latencies, slow, ok,
                            errors, answered));
        }
        answered.await(DEADLINE_SECONDS + 5, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(total, ok.sum(), errors.sum(), answered.getCount(), elapsed, latencies,
                maxLag, slow.toString());
    }

    /** Parks until {@code deadline} (System.nanoTime); returns how late it is by then. */
    private static long waitUntil(long deadline) {
        long now = System.nanoTime();
        while (now < deadline) {
            LockSupport.parkNanos(deadline - now);
            now = System.nanoTime();
        }
        return now - deadline;
    }

    /** Per second of a run: how many answers were slower than {@link #SLOW_NANOS}, the slowest. */
    private static final class Slow {
        private final AtomicIntegerArray count;
        private final AtomicLongArray max;

        Slow(int seconds) {
            count = new AtomicIntegerArray(seconds);
            max = new AtomicLongArray(seconds);
        }

        void record(long second, long latency) {
            if (latency > SLOW_NANOS && second >= 0 && second < count.length()) {
                count.incrementAndGet((int) second);
                max.accumulateAndGet((int) second, latency, Math::max);
            }
        }

        @Override
        public String toString() {
            StringBuilder seconds = new StringBuilder();
            for (int i = 0; i < count.length(); i++) {
                if (count.get(i) > 0) {
                    seconds.append(seconds.length() == 0 ? "" : ",").append(i).append(':')
                            .append(count.get(i)).append('/').append(max.get(i) / 1_000_000);
                }
            }
            return seconds.length() == 0 ? "none" : seconds.toString();
        }
    }

    private record Answer(long intended, long start, Histogram latencies, Slow slow,
            LongAdder ok, LongAdder errors, CountDownLatch answered)
            implements StreamObserver<AppendResponse> {

        @Override
        public void onNext(AppendResponse response) {
            long latency = System.nanoTime() - intended;
            latencies.recordValue(latency);
            slow.record((intended - start) / 1_000_000_000L, latency);
            ok.increment();
        }

        @Override
        public void onError(Throwable t) {
            if (errors.sum() < 5) {
                System.err.println("append failed: " + t);
            }
            errors.increment();
            answered.countDown();
        }

        @Override
        public void onCompleted() {
            answered.countDown();
        }
    }
}
