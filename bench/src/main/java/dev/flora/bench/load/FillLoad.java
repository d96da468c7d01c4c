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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Appends a fixed number of entries as fast as the service takes them: closed loop over
 * {@code fillStreams} AppendStream streams with {@code fillWindow} messages of {@code fillBatch}
 * appends in flight each; an answer sends the next message until the budget is spent.
 */
final class FillLoad {

    record Result(long acked, long errors, long streamFailures, double seconds) {
    }

    private final AtomicLong budget;
    private final LongAdder acked = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder streamFailures = new LongAdder();

    private FillLoad(long appends) {
        this.budget = new AtomicLong(appends);
    }

    /** Appends {@code appends} entries; waits at most {@code timeoutSeconds} per 100,000. */
    static Result run(List<LedgerServiceStub> stubs, AppendRequests requests, long appends,
            SubscribeOptions o) throws InterruptedException {
        return new FillLoad(appends).execute(stubs, requests, appends, o);
    }

    private Result execute(List<LedgerServiceStub> stubs, AppendRequests requests, long appends,
            SubscribeOptions o) throws InterruptedException {
        long start = System.nanoTime();
        List<OneStream> streams = new ArrayList<>();
        for (int i = 0; i < o.fillStreams(); i++) {
            OneStream s = new OneStream(requests, o.fillBatch());
            s.requests = stubs.get(i % stubs.size()).appendStream(s);
            streams.add(s);
        }
        streams.forEach(s -> s.fill(o.fillWindow()));
        long bound = o.timeoutSeconds() * Math.max(1, appends / 100_000);
        long deadline = start + TimeUnit.SECONDS.toNanos(bound);
        for (OneStream s : streams) {
            if (!s.ended.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                System.err.println("a fill stream did not end within " + bound + " s");
                streamFailures.increment();
            }
        }
        return new Result(acked.sum(), errors.sum(), streamFailures.sum(),
                (System.nanoTime() - start) / 1e9);
    }

    /** One stream; every use of {@code requests} holds the monitor (gRPC calls are not thread-safe). */
    private final class OneStream implements StreamObserver<AppendStreamResponse> {
        private final AppendRequests source;
        private final int batch;
        private final CountDownLatch ended = new CountDownLatch(1);
        private StreamObserver<AppendStreamRequest> requests;
        private int inFlight;
        private boolean halfClosed;

        OneStream(AppendRequests source, int batch) {
            this.source = source;
            this.batch = batch;
        }

        synchronized void fill(int window) {
            while (inFlight < window && sendNext()) {
                // sendNext sends one message
            }
            halfCloseIfDone();
        }

        private boolean sendNext() {
            long before = budget.getAndAdd(-batch);
            if (before <= 0) {
                return false;
            }
            AppendStreamRequest.Builder message = AppendStreamRequest.newBuilder();
            for (long i = 0; i < Math.min(batch, before); i++) {
                message.addRequests(source.next());
            }
            inFlight++;
            requests.onNext(message.build());
            return true;
        }

        private void halfCloseIfDone() {
            if (inFlight == 0 && !halfClosed) {
                halfClosed = true;
                requests.onCompleted();
            }
        }

        @Override
        public synchronized void onNext(AppendStreamResponse response) {
            for (AppendResult result : response.getResultsList()) {
                if (result.hasError()) {
                    if (errors.sum() < 3) {
                        System.err.println("append " + result.getRequestId() + " failed: "
                                + result.getError().toString().replace('\n', ' '));
                    }
                    errors.increment();
                } else {
                    acked.increment();
                }
            }
            inFlight--;
            if (!sendNext()) {
                halfCloseIfDone();
            }
        }

        @Override
        public void onError(Throwable t) {
            System.err.println("fill stream failed: " + t);
            streamFailures.increment();
            ended.countDown();
        }

        @Override
        public void onCompleted() {
            ended.countDown();
        }
    }
}
