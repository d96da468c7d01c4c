package dev.flora.service.subscribe;

import dev.flora.service.api.EntryMessages;
import dev.flora.service.append.Appender;
import dev.flora.service.append.BatchPlan;
import dev.flora.service.append.EntryRow;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the {@link LiveLog} of this replica up to date with every committed entry, whichever
 * replica appended it, in index order.
 *
 * <p>Entries this replica commits go straight from the committed batch into the log (no read
 * back). Entries of other replicas arrive through PostgreSQL: every append transaction sends
 * {@code NOTIFY flora_ledger} on commit, and this replica, LISTENing, reads the new rows (it skips
 * the notifications of its own commits, whose entries it already has). A poll
 * every {@code flora.subscribe.poll} repairs a missed notification (e.g. while the LISTEN
 * connection reconnects). Whatever the source, the log only accepts the next index in order, so a
 * subscriber never sees a gap, a duplicate, or an uncommitted entry.
 */
@ApplicationScoped
public class LedgerTail {

    /** The PostgreSQL notification channel every append transaction notifies on commit. */
    public static final String CHANNEL = "flora_ledger";
    private static final Logger LOG = Logger.getLogger(LedgerTail.class);
    private static final int READ_PAGE = 1000;

    private final FeedReads reads;
    private final Appender appender;
    private final Vertx vertx;
    private final LiveLog log;
    private final Duration poll;
    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private PgSubscriber subscriber;
    private long timer = -1;

    @Inject
    public LedgerTail(FeedReads reads, Appender appender, Vertx vertx,
            @ConfigProperty(name = "flora.subscribe.live-window", defaultValue = "20000")
            int liveWindow,
            @ConfigProperty(name = "flora.subscribe.poll", defaultValue = "PT1S") Duration poll,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.reads = reads;
        this.appender = appender;
        this.vertx = vertx;
        this.log = new LiveLog(liveWindow, 0);
        this.poll = poll;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** The live log subscribers read from. */
    public LiveLog log() {
        return log;
    }

    void start(@Observes StartupEvent start) {
        log.reset(reads.size().await().atMost(Duration.ofSeconds(30)));
        appender.onCommit(this::committedHere);
        listen();
        timer = vertx.setPeriodic(poll.toMillis(), id -> catchUp());
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (subscriber != null) {
            subscriber.closeAndAwait();
        }
    }

    private void listen() {
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> 500L);
        subscriber.channel(CHANNEL).handler(payload -> {
            if (!appender.isOwnNotification(payload)) {
                catchUp();
            }
        });
        subscriber.connect().subscribe().with(ignored -> catchUp(),
                failure -> LOG.warnf("cannot LISTEN on %s, relying on polling: %s", CHANNEL,
                        failure.toString()));
    }

    private void committedHere(BatchPlan plan) {
        List<LiveEntry> entries = new ArrayList<>(plan.rows().size());
        for (EntryRow row : plan.rows()) {
            entries.add(LiveEntry.deferred(row.entry().index(), row.entry().change().caseRef(),
                    row.entry().change().eventType(), row.federalState(),
                    () -> EntryMessages.of(row.entry(), row.bytes(), row.leafHash())));
        }
        if (!log.append(entries)) {
            catchUp();
        }
    }

    /** Reads committed entries the log does not have yet, page by page, one reader at a time. */
    void catchUp() {
        again.set(true);
        if (!reading.compareAndSet(false, true)) {
            return;
        }
        again.set(false);
        long from = log.next();
        reads.page(from, READ_PAGE).subscribe().with(page -> {
            log.append(page);
            reading.set(false);
            if (page.size() == READ_PAGE || again.get()) {
                catchUp();
            }
        }, failure -> {
            reading.set(false);
            LOG.warnf("reading new entries from %d failed, retrying at the next poll: %s", from,
                    failure.toString());
        });
    }
}
