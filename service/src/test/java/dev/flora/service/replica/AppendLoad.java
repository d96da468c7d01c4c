package dev.flora.service.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.api.ledger.v1.AppendResponse;
import dev.flora.api.ledger.v1.AppendResult;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Appends new cases from many threads through several replicas at once and records every
 * acknowledged append. Even threads use unary Append, odd threads AppendStream (chunks of
 * {@value #CHUNK}); threads alternate between two authorities. Every {@value #RETRY_EVERY}th
 * acknowledged append is sent again, unchanged, to the NEXT replica, which MUST return the
 * original result; with the same request id and other content it MUST answer REQUEST_ID_CONFLICT.
 *
 * <p>With {@code outageExpected}, a failed call or stream ends its thread instead of the test:
 * its requests are {@link #unsettled()} (committed or not, nobody knows) and no retries go to
 * other replicas.
 */
final class AppendLoad {

    static final List<String> AUTHORITIES = List.of("eae-chemnitz", "bamf-dresden");
    private static final int CHUNK = 100;
    private static final int RETRY_EVERY = 25;

    /** An acknowledged append: what was sent, as whom, and what the replica answered. */
    record Ack(String authority, AppendRequest request, AppendResponse response) {
        String key() {
            return authority + "/" + request.getRequestId();
        }
    }

    /** A request whose outcome is unknown because its replica went away. */
    record Unsettled(String authority, AppendRequest request) {
    }

    private final Map<String, Ack> acks = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> acksPerReplica = new ConcurrentHashMap<>();
    private final Queue<Unsettled> unsettled = new ConcurrentLinkedQueue<>();
    private final AtomicInteger retries = new AtomicInteger();

    /** One batch of threads, started at once; see {@link #await}. */
    record Run(ExecutorService pool, List<Future<Void>> threads) {
    }

    /** Starts {@code threadsPerReplica} threads per client, each appending {@code appends}. */
    Run start(List<ReplicaClient> clients, int threadsPerReplica, int appends,
            boolean outageExpected) {
        ExecutorService pool = Executors.newFixedThreadPool(clients.size() * threadsPerReplica);
        List<Future<Void>> threads = new ArrayList<>();
        for (int c = 0; c < clients.size(); c++) {
            ReplicaClient own = clients.get(c);
            ReplicaClient next = outageExpected ? null : clients.get((c + 1) % clients.size());
            for (int t = 0; t < threadsPerReplica; t++) {
                String authority = AUTHORITIES.get(t / 2 % AUTHORITIES.size());
                boolean unary = t % 2 == 0;
                threads.add(pool.submit(() -> {
                    Worker worker = new Worker(own, next, authority, outageExpected);
                    if (unary) {
                        worker.unary(appends);
                    } else {
                        worker.streams(appends);
                    }
                    return null;
                }));
            }
        }
        pool.shutdown();
        return new Run(pool, threads);
    }

    /** Waits for every thread of {@code run}; rethrows the first failure. */
    void await(Run run) throws Exception {
        try {
            for (Future<Void> thread : run.threads()) {
                thread.get(90, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            run.pool().shutdownNow();
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Runs {@link #start} and {@link #await}. */
    void run(List<ReplicaClient> clients, int threadsPerReplica, int appends) throws Exception {
        await(start(clients, threadsPerReplica, appends, false));
    }

    /** Polls until {@code replica} acknowledged at least {@code count} appends of this load. */
    void awaitAcks(String replica, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (acksOf(replica) < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(replica + " acknowledged only " + acksOf(replica)
                        + " appends in 30 s, want " + count);
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private int acksOf(String replica) {
        return acksPerReplica.computeIfAbsent(replica, r -> new AtomicInteger()).get();
    }

    /** Records an append acknowledged by {@code replica}; an ack for a known key MUST match. */
    void record(String replica, String authority, AppendRequest request, AppendResponse response) {
        Ack ack = new Ack(authority, request, response);
        Ack earlier = acks.putIfAbsent(ack.key(), ack);
        if (earlier != null) {
            assertEquals(earlier.response(), response, "second ack of " + ack.key());
        } else {
            acksPerReplica.computeIfAbsent(replica, r -> new AtomicInteger()).incrementAndGet();
        }
    }

    Collection<Ack> acks() {
        return acks.values();
    }

    /** Takes the unsettled requests, leaving none. */
    List<Unsettled> drainUnsettled() {
        List<Unsettled> drained = new ArrayList<>();
        Unsettled next;
        while ((next = unsettled.poll()) != null) {
            drained.add(next);
        }
        return drained;
    }

    /** Number of idempotent retries sent to another replica and answered with the original. */
    int retries() {
        return retries.get();
    }

    /** One appending thread. */
    private final class Worker {
        private final ReplicaClient own;
        private final ReplicaClient next;
        private final String authority;
        private final boolean outageExpected;

        Worker(ReplicaClient own, ReplicaClient next, String authority, boolean outageExpected) {
            this.own = own;
            this.next = next;
            this.authority = authority;
            this.outageExpected = outageExpected;
        }

        void unary(int appends) {
            for (int i = 0; i < appends; i++) {
                AppendRequest request = ReplicaClient.registration();
                AppendResponse response;
                try {
                    response = own.append(authority, request);
                } catch (StatusRuntimeException e) {
                    if (!outageExpected) {
                        throw e;
                    }
                    unsettled.add(new Unsettled(authority, request));
                    return;
                }
                record(own.replica(), authority, request, response);
                if (next != null && i % RETRY_EVERY == 0) {
                    retryOnNext(request, response);
                }
            }
        }

        void streams(int appends) throws Exception {
            for (int sent = 0; sent < appends; sent += CHUNK) {
                List<AppendRequest> chunk = new ArrayList<>();
                for (int i = 0; i < Math.min(CHUNK, appends - sent); i++) {
                    chunk.add(ReplicaClient.registration());
                }
                if (!stream(chunk)) {
                    return;
                }
            }
        }

        /** Sends one chunk on one stream; false if the replica went away (outage expected). */
        private boolean stream(List<AppendRequest> chunk) throws Exception {
            ReplicaClient.Streamed streamed = own.appendStreamUntilEnd(authority, chunk);
            List<AppendResult> responses = streamed.responses();
            boolean complete = streamed.failure() == null && responses.size() == chunk.size();
            if (responses.size() > chunk.size() || !complete && !outageExpected) {
                throw new AssertionError(responses.size() + " responses to " + chunk.size()
                        + " requests on one stream of " + own.replica(), streamed.failure());
            }
            // A stream cut short by a stopping replica: the unanswered requests are unsettled.
            chunk.subList(responses.size(), chunk.size())
                    .forEach(r -> unsettled.add(new Unsettled(authority, r)));
            List<AppendRequest> retry = new ArrayList<>();
            for (int i = 0; i < responses.size(); i++) {
                AppendResult response = responses.get(i);
                assertEquals(chunk.get(i).getRequestId(), response.getRequestId(), "ack order");
                if (response.hasAppended()) {
                    record(own.replica(), authority, chunk.get(i), response.getAppended());
                    if (i % RETRY_EVERY == 0) {
                        retry.add(chunk.get(i));
                    }
                } else if (outageExpected) {
                    unsettled.add(new Unsettled(authority, chunk.get(i)));
                    complete = false;
                } else {
                    throw new AssertionError("append " + i + " on a stream of " + own.replica()
                            + " failed: " + response.getError());
                }
            }
            if (next != null && !retry.isEmpty()) {
                retryStreamOnNext(retry);
            }
            return complete;
        }

        private void retryOnNext(AppendRequest request, AppendResponse original) {
            assertEquals(original, next.append(authority, request),
                    "unary retry on " + next.replica() + " of an append acknowledged by " + own.replica());
            retries.incrementAndGet();
            AppendRequest changed = request.toBuilder().setChange(request.getChange().toBuilder()
                    .setCaseRef("c-other-" + request.getRequestId())).build();
            try {
                next.append(authority, changed);
                throw new AssertionError("changed content under request id "
                        + request.getRequestId() + " was accepted by " + next.replica());
            } catch (StatusRuntimeException e) {
                assertEquals(Status.Code.ALREADY_EXISTS, e.getStatus().getCode(), e.toString());
                assertEquals("REQUEST_ID_CONFLICT", ReplicaClient.reason(e));
            }
        }

        private void retryStreamOnNext(List<AppendRequest> retry) throws Exception {
            List<AppendResult> again = next.appendStream(authority, retry);
            assertEquals(retry.size(), again.size());
            for (int i = 0; i < retry.size(); i++) {
                Ack original = acks.get(authority + "/" + retry.get(i).getRequestId());
                assertEquals(original.response(), again.get(i).getAppended(),
                        "stream retry on " + next.replica() + " of an append acknowledged by "
                                + own.replica());
                retries.incrementAndGet();
            }
        }
    }
}
