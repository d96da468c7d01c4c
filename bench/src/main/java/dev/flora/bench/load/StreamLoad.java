package dev.flora.bench.load;

import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.api.ledger.v1.AppendStreamResponse;
import dev.flora.api.ledger.v1.LedgerServiceGrpc.LedgerServiceStub;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closed-loop streaming load: N AppendStream streams, each with at most W requests not yet
 * answered. Only answers that arrive inside the measured interval (after the warm-up) count
 * towards the rate; every error answer counts, warm-up included.
 */
final class StreamLoad {
    private static final long DRAIN_SECONDS = 30;

    /** The outcome of one run. */
    record Result(long acked, long errors, double seconds, long streamFailures) {
        double appendsPerSecond() {
            return acked / seconds;
        }
    }

    private final LongAdder acked = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder streamFailures = new LongAdder();
    private long measureStart;
    private long measureEnd;

    /** Runs the load and returns once every stream has ended (bounded by time, then a drain). */
    static Result run(List<LedgerServiceStub> stubs, AppendRequests requests, LoadOptions options)
            throws InterruptedException {
        return new StreamLoad().execute(stubs, requests, options);
    }

    private Result execute(List<LedgerServiceStub> stubs, AppendRequests requests, LoadOptions options)
            throws InterruptedException {
        measureStart = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.warmupSeconds());
        measureEnd = measureStart + TimeUnit.SECONDS.toNanos(options.seconds());
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < options.streams(); i++) {
            OneStream stream = new OneStream(options.window(), requests);
            stream.requests = stubs.get(i % stubs.size()).appendStream(stream);
            Thread sender = new Thread(stream::send, "stream-sender-" + i);
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
        double seconds = (measureEnd - measureStart) / 1e9;
        return new Result(acked.sum(), errors.sum(), seconds, streamFailures.sum());
    }

    /** One stream: its sender thread is the only caller of {@code requests}. */
    private final class OneStream implements StreamObserver<AppendStreamResponse> {
        private final Semaphore inFlight;
        private final int window;
        private final AppendRequests source;
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile boolean failed;
        private StreamObserver<AppendRequest> requests;

        OneStream(int window, AppendRequests source) {
            this.inFlight = new Semaphore(window);
            this.window = window;
            this.source = source;
        }

        void send() {
            try {
                while (!failed && System.nanoTime() < measureEnd) {
                    if (inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        requests.onNext(source.next());
                    }
                }
                // Wait for every answer before half-closing, so none is lost with the stream.
                inFlight.tryAcquire(window, DRAIN_SECONDS, TimeUnit.SECONDS);
                requests.onCompleted();
                ended.await(DRAIN_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onNext(AppendStreamResponse response) {
            long now = System.nanoTime();
            if (response.hasError()) {
                if (errors.sum() < 3) {
                    System.err.println("append " + response.getRequestId() + " failed: "
                            + response.getError().toString().replace('\n', ' '));
                }
                errors.increment();
            } else if (now >= measureStart && now < measureEnd) {
                acked.increment();
            }
            inFlight.release();
        }

        @Override
        public void onError(Throwable t) {
            System.err.println("stream failed: " + t);
            streamFailures.increment();
            failed = true;
            inFlight.release(window);
            ended.countDown();
        }

        @Override
        public void onCompleted() {
            ended.countDown();
        }
    }
}
