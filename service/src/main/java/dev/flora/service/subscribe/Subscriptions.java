package dev.flora.service.subscribe;

import dev.flora.service.grpc.CallContext;
import io.grpc.stub.ServerCallStreamObserver;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.http.HttpServerResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The open subscription streams of this replica: starts them, ticks them so owed progress
 * messages go out, and exposes their number and buffered entries as metrics.
 */
@ApplicationScoped
public class Subscriptions {

    private final LedgerTail tail;
    private final FeedReads reads;
    private final Vertx vertx;
    private final int pageSize;
    private final Set<SubscriptionStream> streams = ConcurrentHashMap.newKeySet();
    private long timer = -1;

    @Inject
    public Subscriptions(LedgerTail tail, FeedReads reads, Vertx vertx, MeterRegistry meters,
            @ConfigProperty(name = "flora.subscribe.page-size", defaultValue = "1000")
            int pageSize) {
        this.tail = tail;
        this.reads = reads;
        this.vertx = vertx;
        this.pageSize = pageSize;
        Gauge.builder("flora.subscriptions", streams, Set::size)
                .description("open subscription streams").register(meters);
        Gauge.builder("flora.subscriptions.live", this, s -> s.count(true))
                .description("subscription streams reading the live log").register(meters);
        Gauge.builder("flora.subscription.buffered.entries", this, Subscriptions::bufferedTotal)
                .description("entries held by subscription streams for themselves (catch-up"
                        + " pages: one while the client does not read, two while it does);"
                        + " live entries are shared and not counted").register(meters);
        Gauge.builder("flora.subscription.buffered.entries.max", this,
                Subscriptions::bufferedMax)
                .description("the most entries one subscription stream holds").register(meters);
    }

    void start(@Observes StartupEvent start) {
        timer = vertx.setPeriodic(200, id -> streams.forEach(SubscriptionStream::signal));
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** How many subscription streams are open. */
    public int open() {
        return streams.size();
    }

    /** The next index the live log expects: where a subscription "from now" starts. */
    public long liveNext() {
        return tail.log().next();
    }

    /**
     * Takes over a Subscribe call. MUST be called while the service method runs (gRPC accepts the
     * ready and cancel handlers only then); the stream itself may be opened later, once the
     * request is checked.
     */
    public Pending prepare(ServerCallStreamObserver<EncodedResponse> out) {
        HttpServerResponse http = ResponseCapture.RESPONSE.get();
        Pending pending = new Pending(out, http, CallContext.current());
        out.setOnReadyHandler(pending::ready);
        out.setOnCancelHandler(pending::cancel);
        if (http != null) {
            // gRPC hears only of a RST_STREAM CANCEL; a client whose connection just closes
            // would otherwise leave its stream open here for good.
            http.closeHandler(ignored -> pending.cancel());
        }
        return pending;
    }

    /** A Subscribe call whose stream is not open yet. */
    public final class Pending {
        private final ServerCallStreamObserver<EncodedResponse> out;
        private final HttpServerResponse http;
        private final CallContext call;
        private volatile SubscriptionStream stream;
        private volatile boolean cancelled;

        private Pending(ServerCallStreamObserver<EncodedResponse> out, HttpServerResponse http,
                CallContext call) {
            this.out = out;
            this.http = http;
            this.call = call;
        }

        /** Opens the stream, delivering entries from index {@code start} on. */
        public void open(EntryFilter filter, long start, int maxPerMessage) {
            SubscriptionStream[] self = new SubscriptionStream[1];
            self[0] = new SubscriptionStream(out, http, call, tail.log(), reads, filter, start,
                    maxPerMessage, Math.max(pageSize, maxPerMessage),
                    () -> streams.remove(self[0]));
            streams.add(self[0]);
            stream = self[0];
            self[0].start();
            if (cancelled) {
                self[0].close();
            }
        }

        /** Ends the call with an error instead of opening a stream. */
        public void fail(Throwable failure) {
            call.execute(() -> {
                if (!cancelled) {
                    out.onError(dev.flora.service.error.GrpcErrors.toStatusException(failure));
                }
            });
        }

        private void ready() {
            SubscriptionStream s = stream;
            if (s != null) {
                s.signal();
            }
        }

        private void cancel() {
            cancelled = true;
            SubscriptionStream s = stream;
            if (s != null) {
                s.close();
            }
        }
    }

    private double count(boolean live) {
        return streams.stream().filter(s -> s.live() == live).count();
    }

    private double bufferedTotal() {
        return streams.stream().mapToInt(SubscriptionStream::bufferedEntries).sum();
    }

    private double bufferedMax() {
        return streams.stream().mapToInt(SubscriptionStream::bufferedEntries).max().orElse(0);
    }
}
