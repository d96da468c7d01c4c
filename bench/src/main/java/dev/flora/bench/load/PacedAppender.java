package dev.flora.bench.load;

import dev.flora.api.ledger.v1.AppendResult;
import dev.flora.api.ledger.v1.AppendStreamRequest;
import dev.flora.api.ledger.v1.AppendStreamResponse;
import dev.flora.api.ledger.v1.LedgerServiceGrpc.LedgerServiceStub;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop appender: AppendStream message number m (of {@code appendBatch} appends) is due at
 * start + m x appendBatch / rate, whether or not earlier ones were answered, on stream m mod
 * {@code appendStreams}. Each append's send time is its message's <em>intended</em> time, so a
 * sender that falls behind shows up in the delivery latencies (no coordinated omission).
 */
final class PacedAppender {

    /**
     * @param firstIndex lowest committed index of the run's appends (Long.MAX_VALUE if none)
     * @param lastIndex highest committed index (-1 if none)
     * @param maxSendLagNanos how late the sender itself sent the most delayed message
     */
    record Result(long sent, long acked, long errors, long firstIndex, long lastIndex,
            long maxSendLagNanos, long streamFailures) {
    }

    private final LongAdder acked = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder streamFailures = new LongAdder();
    private final LongAccumulator first = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final LongAccumulator last = new LongAccumulator(Math::max, -1);

    /** Sends for warm-up + measured seconds, then waits (bounded) for every answer. */
    static Result run(List<LedgerServiceStub> stubs, AppendRequests requests,
            Subscriber.SendTimes times, SubscribeOptions options) throws InterruptedException {
        return new PacedAppender().execute(stubs, requests, times, options);
    }

    private Result execute(List<LedgerServiceStub> stubs, AppendRequests requests,
            Subscriber.SendTimes times, SubscribeOptions o) throws InterruptedException {
        List<Answers> answers = new ArrayList<>();
        List<StreamObserver<AppendStreamRequest>> streams = new ArrayList<>();
        for (int i = 0; i < o.appendStreams(); i++) {
            Answers a = new Answers();
            answers.add(a);
            streams.add(stubs.get(i % stubs.size()).appendStream(a));
        }
        long messages = (long) o.rate() * (o.warmupSeconds() + o.seconds()) / o.appendBatch();
        long start = System.nanoTime();
        long measureStart = start + TimeUnit.SECONDS.toNanos(o.warmupSeconds());
        long maxLag = 0;
        for (long m = 0; m < messages; m++) {
            long intended = start + m * o.appendBatch() * 1_000_000_000L / o.rate();
            maxLag = Math.max(maxLag, waitUntil(intended));
            AppendStreamRequest.Builder message = AppendStreamRequest.newBuilder();
            for (int i = 0; i < o.appendBatch(); i++) {
                times.sent(requests.made(), intended >= measureStart ? intended : Subscriber.SendTimes.NOT_MEASURED);
                message.addRequests(requests.next());
            }
            streams.get((int) (m % streams.size())).onNext(message.build());
        }
        streams.forEach(StreamObserver::onCompleted);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.timeoutSeconds());
        for (Answers a : answers) {
            if (!a.ended.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                System.err.println("an append stream did not end within " + o.timeoutSeconds() + " s");
                streamFailures.increment();
            }
        }
        return new Result(messages * o.appendBatch(), acked.sum(), errors.sum(), first.get(),
                last.get(), maxLag, streamFailures.sum());
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

    private final class Answers implements StreamObserver<AppendStreamResponse> {
        private final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public void onNext(AppendStreamResponse response) {
            for (AppendResult result : response.getResultsList()) {
                if (result.hasError()) {
                    if (errors.sum() < 3) {
                        System.err.println("append " + result.getRequestId() + " failed: "
                                + result.getError().toString().replace('\n', ' '));
                    }
                    errors.increment();
                } else {
                    acked.increment();
                    first.accumulate(result.getAppended().getIndex());
                    last.accumulate(result.getAppended().getIndex());
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            System.err.println("append stream failed: " + t);
            streamFailures.increment();
            ended.countDown();
        }

        @Override
        public void onCompleted() {
            ended.countDown();
        }
    }
}
