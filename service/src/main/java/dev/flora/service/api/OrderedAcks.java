package dev.flora.service.api;

import dev.flora.service.grpc.CallContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import java.util.ArrayDeque;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * Runs up to {@code window} requests of a stream concurrently and emits their responses in
 * request order. Concurrency is what lets one stream fill a group-commit batch; order is what
 * the streaming append promises.
 *
 * <p>Bounded on both sides, without trusting framework backpressure: it requests a new request
 * from the client only while fewer than {@code window} requests are in flight or finished but not
 * yet sent, and it sends a response only when the client has asked for one.
 */
final class OrderedAcks<Q, A> implements MultiSubscriber<Q> {

    private static final class Slot<A> {
        A response;
    }

    private final MultiEmitter<? super A> emitter;
    private final CallContext call;
    private final Function<Q, Uni<A>> handler;
    private final int window;
    private final ArrayDeque<Slot<A>> slots = new ArrayDeque<>();
    private Flow.Subscription upstream;
    private long requestedUpstream;
    private boolean upstreamDone;
    private boolean terminated;

    private OrderedAcks(MultiEmitter<? super A> emitter, CallContext call,
            Function<Q, Uni<A>> handler, int window) {
        this.emitter = emitter;
        this.call = call;
        this.handler = handler;
        this.window = window;
    }

    /**
     * The ordered responses of {@code requests}; {@code handler} MUST NOT fail (it turns every
     * failure into a response).
     */
    static <Q, A> Multi<A> of(Multi<Q> requests, CallContext call, Function<Q, Uni<A>> handler,
            int window) {
        return Multi.createFrom().emitter(emitter -> {
            OrderedAcks<Q, A> acks = new OrderedAcks<>(emitter, call, handler, window);
            emitter.onRequest(n -> acks.drain());
            requests.subscribe().withSubscriber(acks);
        });
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription subscription) {
        upstream = subscription;
        emitter.onTermination(subscription::cancel);
        topUp();
    }

    @Override
    public void onItem(Q request) {
        Slot<A> slot = new Slot<>();
        synchronized (this) {
            requestedUpstream--;
            slots.add(slot);
        }
        // Responses are written on the call's own event loop, never on the committing thread.
        handler.apply(request).emitOn(call).subscribe().with(response -> {
            synchronized (this) {
                slot.response = response;
            }
            drain();
        }, failure -> fail(failure));
    }

    @Override
    public synchronized void onFailure(Throwable failure) {
        fail(failure);
    }

    @Override
    public void onCompletion() {
        synchronized (this) {
            upstreamDone = true;
        }
        drain();
    }

    private synchronized void drain() {
        while (!terminated && !slots.isEmpty() && slots.peek().response != null
                && emitter.requested() > 0) {
            emitter.emit(slots.poll().response);
        }
        if (!terminated && upstreamDone && slots.isEmpty()) {
            terminated = true;
            emitter.complete();
            return;
        }
        topUp();
    }

    private void topUp() {
        if (upstream == null || upstreamDone || terminated) {
            return;
        }
        long room = window - slots.size() - requestedUpstream;
        if (room > 0) {
            requestedUpstream += room;
            upstream.request(room);
        }
    }

    private synchronized void fail(Throwable failure) {
        if (!terminated) {
            terminated = true;
            emitter.fail(failure);
        }
    }
}
