package dev.flora.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.flora.api.ledger.v1.Entry;
import dev.flora.api.ledger.v1.SubscribeRequest;
import dev.flora.api.ledger.v1.SubscribeResponse;
import dev.flora.api.ledger.v1.SubscriptionServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real gRPC subscriber for tests. With {@code initialRequests >= 0} it reads with manual flow
 * control: the server may send only as many messages as were requested, so a test can stall it.
 */
final class TestSubscriber implements ClientResponseObserver<SubscribeRequest, SubscribeResponse> {

    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final int initialRequests;
    private volatile ClientCallStreamObserver<SubscribeRequest> call;
    /** Every entry received, in order. */
    final List<Entry> entries = new ArrayList<>();
    /** Every message received, in order. */
    final List<SubscribeResponse> messages = new ArrayList<>();
    long position = -1;

    private TestSubscriber(int initialRequests) {
        this.initialRequests = initialRequests;
    }

    static TestSubscriber open(ManagedChannel channel, String authority, SubscribeRequest request,
            int initialRequests) {
        TestSubscriber subscriber = new TestSubscriber(initialRequests);
        Metadata metadata = new Metadata();
        metadata.put(LedgerClient.AUTHORITY, authority);
        SubscriptionServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .subscribe(request, subscriber);
        return subscriber;
    }

    static TestSubscriber open(ManagedChannel channel, String authority,
            SubscribeRequest request) {
        return open(channel, authority, request, -1);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
        call = requestStream;
        if (initialRequests >= 0) {
            requestStream.disableAutoRequestWithInitial(initialRequests);
        }
    }

    @Override
    public void onNext(SubscribeResponse value) {
        inbox.add(value);
    }

    @Override
    public void onError(Throwable t) {
        inbox.add(t);
    }

    @Override
    public void onCompleted() {
        inbox.add("completed");
    }

    void request(int messages) {
        call.request(messages);
    }

    void cancel() {
        call.cancel("test cancels", null);
    }

    /** The next message, failing on an error or when none arrives in time. */
    SubscribeResponse next(Duration timeout) throws InterruptedException {
        Object next = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(next, "no message within " + timeout);
        if (next instanceof Throwable t) {
            throw new AssertionError("stream failed: " + t, t);
        }
        if (!(next instanceof SubscribeResponse response)) {
            throw new AssertionError("stream ended");
        }
        messages.add(response);
        entries.addAll(response.getEntries().getEntriesList());
        position = response.getResumeAfterIndex();
        return response;
    }

    /** The error the stream ended with. */
    Throwable error(Duration timeout) throws InterruptedException {
        Object next = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (next instanceof Throwable t) {
            return t;
        }
        throw new AssertionError("want an error, got " + next);
    }

    /** Reads messages until {@code done} holds for the last one. */
    void readUntil(Predicate<TestSubscriber> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(this)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("condition not met in " + timeout + " at position "
                        + position + " after " + messages.size() + " messages");
            }
            next(Duration.ofNanos(left));
        }
    }

    /** Asserts the entries received are exactly indexes from..to, each once, in order. */
    void assertContiguous(long from, long to) {
        assertEquals(to - from + 1, entries.size(), "entries received");
        for (int i = 0; i < entries.size(); i++) {
            assertEquals(from + i, entries.get(i).getIndex(), "entry " + i);
        }
    }
}
