package dev.flora.service.subscribe;

import dev.flora.api.ledger.v1.CaughtUp;
import dev.flora.api.ledger.v1.FellBehind;
import dev.flora.api.ledger.v1.Progress;
import dev.flora.api.ledger.v1.SubscribeResponse;
import dev.flora.service.error.GrpcErrors;
import dev.flora.service.grpc.CallContext;
import io.grpc.stub.ServerCallStreamObserver;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One subscriber's stream: reads from storage until it reaches the live log (catch-up), then
 * from the live log (live), and back to storage if the live log moves past it (fell behind).
 *
 * <p>Flow control does not rely on the framework: a message is written only while the call
 * {@link ServerCallStreamObserver#isReady() is ready}, so a client that stops reading makes the
 * stream stop, holding at most one catch-up page of its own ({@link #bufferedEntries()}; two
 * while the client reads: the next page is read while the current one is sent) and its
 * position; live entries are shared with every other subscriber and never copied.
 *
 * <p>All work runs in {@link #drain()}, on the call's own event loop, entered once at a time (the
 * classic work-in-progress counter), whichever event woke it: the client became ready, the live
 * log grew (on the thread that committed), a catch-up page arrived, or the progress timer ticked.
 */
final class SubscriptionStream {

    private enum Mode { CATCH_UP, LIVE }

    private final CallWriter out;
    private final CallContext call;
    private final LiveLog log;
    private final FeedReads reads;
    private final EntryFilter filter;
    private final boolean everything;
    private final int maxPerMessage;
    private final int pageSize;
    private final Runnable onClose;
    private final AtomicInteger wip = new AtomicInteger();
    private final Runnable wake = this::signal;
    private final ServerCallStreamObserver<EncodedResponse> grpc;

    private volatile List<LiveEntry> arrivedPage;
    private volatile Throwable failure;
    private volatile boolean closed;
    private volatile int buffered;

    private volatile Mode mode = Mode.CATCH_UP;
    private long next;
    private List<LiveEntry> page;
    private List<LiveEntry> nextPage;
    private int pageOffset;
    private boolean reading;
    private EncodedResponse pendingControl;
    private boolean progressOwed;
    private long lastProgressNanos;

    SubscriptionStream(ServerCallStreamObserver<EncodedResponse> grpc, HttpServerResponse http,
            CallContext call, LiveLog log,
            FeedReads reads, EntryFilter filter, long start, int maxPerMessage, int pageSize,
            Runnable onClose) {
        this.grpc = grpc;
        this.out = new CallWriter(grpc, http, wake);
        this.call = call;
        this.log = log;
        this.reads = reads;
        this.filter = filter;
        this.everything = filter.matchesEverything();
        this.next = start;
        this.maxPerMessage = maxPerMessage;
        this.pageSize = pageSize;
        this.onClose = onClose;
    }

    /**
     * Starts delivering; called once, after the registry knows the stream. The call's ready and
     * cancel handlers (which gRPC lets an application set only while the service method runs)
     * MUST already lead to {@link #signal()} and {@link #close()}.
     */
    void start() {
        log.listen(wake);
        signal();
    }

    /** Entries this stream holds for itself (an unread catch-up page); live entries are shared. */
    int bufferedEntries() {
        return buffered;
    }

    boolean live() {
        return mode == Mode.LIVE;
    }

    /**
     * Wakes the stream; safe from any thread. The work itself always runs on the call's own
     * context ({@link CallContext}), never on the thread that woke it.
     */
    void signal() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        call.execute(this::work);
    }

    private void work() {
        do {
            try {
                drain();
            } catch (RuntimeException e) {
                fail(e);
            }
        } while (wip.decrementAndGet() != 0);
    }

    private void drain() {
        if (closed) {
            return;
        }
        if (failure != null) {
            fail(failure);
            return;
        }
        takeArrivedPage();
        while (!closed && out.isReady()) {
            if (pendingControl != null) {
                out.write(pendingControl);
                pendingControl = null;
            } else if (!step()) {
                break;
            }
        }
        flushProgress(false);
    }

    /** Does one unit of work; false when nothing can be done until the next wake-up. */
    private boolean step() {
        if (mode == Mode.LIVE) {
            return everything ? sendShared() : sendLive();
        }
        if (page != null && pageOffset < page.size()) {
            pageOffset += examined(page, pageOffset);
            buffered = page.size() - pageOffset + (nextPage == null ? 0 : nextPage.size());
            return true;
        }
        page = null;
        if (takeNextPage()) {
            return true;
        }
        buffered = 0;
        if (next >= log.first()) {
            mode = Mode.LIVE;
            pendingControl = control(SubscribeResponse.newBuilder()
                    .setCaughtUp(CaughtUp.getDefaultInstance()));
            return true;
        }
        readPage(next);
        return false;
    }

    /**
     * Makes the page read ahead the current one, if it starts at our position; then reads the
     * page after it while this one is sent (only if that one, too, must come from storage).
     */
    private boolean takeNextPage() {
        List<LiveEntry> arrived = nextPage;
        nextPage = null;
        if (arrived == null || arrived.isEmpty() || arrived.get(0).index() != next) {
            return false; // none, or for an old position: read again
        }
        page = arrived;
        pageOffset = 0;
        buffered = arrived.size();
        long after = arrived.get(arrived.size() - 1).index() + 1;
        if (arrived.size() == pageSize && after < log.first()) {
            readPage(after);
        }
        return true;
    }

    /** Live, receiving every entry: sends the message all such subscribers share. */
    private boolean sendShared() {
        EncodedResponse message = log.message(next, maxPerMessage);
        if (message == LiveLog.FELL_BEHIND) {
            return fellBehind();
        }
        if (message == null) {
            return false;
        }
        out.write(message);
        next = message.resumeAfterIndex() + 1;
        progressOwed = false;
        return true;
    }

    private boolean sendLive() {
        List<LiveEntry> entries = log.read(next, pageSize);
        if (entries == null) {
            return fellBehind();
        }
        return !entries.isEmpty() && deliver(entries, 0);
    }

    private boolean fellBehind() {
        mode = Mode.CATCH_UP;
        pendingControl = control(SubscribeResponse.newBuilder()
                .setFellBehind(FellBehind.getDefaultInstance()));
        return true;
    }

    /** Delivers from {@code source[from..]}; returns how many entries were examined. */
    private int examined(List<LiveEntry> source, int from) {
        long before = next;
        deliver(source, from);
        return (int) (next - before);
    }

    /**
     * Sends the next matching entries of {@code source} (from {@code from}) as one message, or
     * owes a progress message if none match; advances the position past every entry examined.
     */
    private boolean deliver(List<LiveEntry> source, int from) {
        List<LiveEntry> batch = new ArrayList<>(Math.min(maxPerMessage, source.size() - from));
        long last = next - 1;
        for (int i = from; i < source.size() && batch.size() < maxPerMessage; i++) {
            LiveEntry entry = source.get(i);
            if (entry.index() != last + 1) {
                throw new IllegalStateException("entry " + entry.index() + " after " + last
                        + ": the feed has a gap");
            }
            last = entry.index();
            if (everything || filter.matches(entry)) {
                batch.add(entry);
            }
        }
        next = last + 1;
        if (!batch.isEmpty()) {
            out.write(EncodedResponse.entries(last, batch));
            progressOwed = false;
        } else {
            progressOwed = true;
        }
        return true;
    }

    private void readPage(long from) {
        if (reading) {
            return;
        }
        reading = true;
        reads.page(from, pageSize).subscribe().with(entries -> {
            arrivedPage = entries;
            signal();
        }, error -> {
            failure = error;
            signal();
        });
    }

    /** Takes the page a read delivered; an empty one means nothing is committed there yet. */
    private void takeArrivedPage() {
        List<LiveEntry> arrived = arrivedPage;
        if (arrived == null) {
            return;
        }
        arrivedPage = null;
        reading = false;
        nextPage = arrived;
    }

    /**
     * Sends the owed progress message if the client is ready and the last one is at least
     * 100 ms old (or {@code force}): filtered streams learn their position without a message per
     * filtered batch.
     */
    private void flushProgress(boolean force) {
        long now = System.nanoTime();
        if (progressOwed && !closed && out.isReady()
                && (force || now - lastProgressNanos >= 100_000_000L)) {
            out.write(control(SubscribeResponse.newBuilder()
                    .setProgress(Progress.getDefaultInstance())));
            progressOwed = false;
            lastProgressNanos = now;
        }
    }

    private EncodedResponse control(SubscribeResponse.Builder message) {
        return EncodedResponse.of(message.setResumeAfterIndex(next - 1).build());
    }

    /** Ends the stream with an error; only ever called from {@link #drain()}, on the call's context. */
    private void fail(Throwable error) {
        if (!closed) {
            close();
            grpc.onError(GrpcErrors.toStatusException(error));
        }
    }

    /** Stops the stream for good (the client cancelled, or it failed). */
    void close() {
        if (!closed) {
            closed = true;
            log.unlisten(wake);
            buffered = 0;
            onClose.run();
        }
    }
}
