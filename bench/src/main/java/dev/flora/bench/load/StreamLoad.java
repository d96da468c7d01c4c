package dev.flora.bench.load;

import dev.flora.api.ledger.v1.LedgerServiceGrpc.LedgerServiceStub;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closed-loop streaming load: N AppendStream streams, each with at most W messages (of B appends
 * each) not yet answered. Each answer sends the next message from the answering (transport) thread, so the
 * generator spends no thread hand-off per append and leaves the shared cores to the service.
 * Only answers that arrive inside the measured interval (after the warm-up) count towards the
 * rate; every error answer counts, warm-up included. Messages go out and come back in their wire
 * form ({@link WireAppendStream}).
 */
final class StreamLoad {
    private static final long DRAIN_SECONDS = 30;

    /** The outcome of one run. */
    record Result(long acked, long errors, double seconds, long streamFailures,
            double windowCpuSeconds) {
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
        List<OneStream> streams = new ArrayList<>();
        for (int i = 0; i < options.streams(); i++) {
            OneStream stream = new OneStream(requests);
            LedgerServiceStub stub = stubs.get(i % stubs.size());
            stream.requests = ClientCalls.asyncBidiStreamingCall(stub.getChannel().newCall(
                    WireAppendStream.METHOD, stub.getCallOptions()), stream);
            streams.add(stream);
        }
        streams.forEach(stream -> stream.fill(options.window(), options.batch()));
        TimeUnit.NANOSECONDS.sleep(measureStart - System.nanoTime());
        double cpuAtStart = LoadGenerator.cpuSeconds();
        TimeUnit.NANOSECONDS.sleep(measureEnd - System.nanoTime());
        double windowCpu = LoadGenerator.cpuSeconds() - cpuAtStart;
        for (OneStream stream : streams) {
            stream.stop();
        }
        for (OneStream stream : streams) {
            if (!stream.ended.await(DRAIN_SECONDS, TimeUnit.SECONDS)) {
                System.err.println("a stream did not end within " + DRAIN_SECONDS + " s of the end");
                streamFailures.increment();
            }
        }
        return new Result(acked.sum(), errors.sum(), (measureEnd - measureStart) / 1e9,
                streamFailures.sum(), windowCpu);
    }

    /**
     * One stream. Every use of {@code requests} holds the monitor: gRPC forbids concurrent calls,
     * and the filling thread races with the first answers.
     */
    private final class OneStream implements StreamObserver<WireAppendStream.Answer> {
        private final AppendRequests source;
        private final CountDownLatch ended = new CountDownLatch(1);
        private StreamObserver<byte[]> requests;
        private int inFlight;
        private int batch;
        private boolean stopping;
        private boolean halfClosed;

        OneStream(AppendRequests source) {
            this.source = source;
        }

        synchronized void fill(int window, int batch) {
            this.batch = batch;
            while (inFlight < window && !stopping) {
                send();
            }
        }

        /** No more requests; half-closes as soon as every request sent has been answered. */
        synchronized void stop() {
            stopping = true;
            halfCloseIfDrained();
        }

        private void send() {
            inFlight++;
            requests.onNext(source.nextMessage(batch));
        }

        private void halfCloseIfDrained() {
            if (stopping && inFlight == 0 && !halfClosed) {
                halfClosed = true;
                requests.onCompleted();
            }
        }

        @Override
        public synchronized void onNext(WireAppendStream.Answer answer) {
            long now = System.nanoTime();
            if (answer.failed() > 0) {
                if (errors.sum() < 3) {
                    System.err.println("append " + answer.firstFailure().getRequestId() + " failed: "
                            + answer.firstFailure().getError().toString().replace('\n', ' '));
                }
                errors.add(answer.failed());
            }
            if (now >= measureStart && now < measureEnd) {
                acked.add(answer.appended());
            }
            inFlight--;
            if (now >= measureEnd) {
                stopping = true;
            }
            if (stopping) {
                halfCloseIfDrained();
            } else {
                send();
            }
        }

        @Override
        public void onError(Throwable t) {
            System.err.println("stream failed: " + t);
            streamFailures.increment();
            synchronized (this) {
                stopping = true;
            }
            ended.countDown();
        }

        @Override
        public void onCompleted() {
            ended.countDown();
        }
    }
}
