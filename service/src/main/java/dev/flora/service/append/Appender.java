package dev.flora.service.append;

import dev.flora.service.error.FloraException;
import dev.flora.service.registry.Registry;
import dev.flora.service.rules.RuleBook;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The append path: checks a command against the rules that need no ledger state, then hands it
 * to group commit. Each process has one {@link GroupCommitter}.
 *
 * <p>Contract: the returned Uni completes with a result only once the entry is durably
 * committed; listeners registered with {@link #onCommit} run after the commit, never before.
 */
@ApplicationScoped
public class Appender {

    private static final Logger LOG = Logger.getLogger(Appender.class);

    private final Registry registry;
    private final Pool pool;
    private final Duration drainTimeout;
    private final int maxBatch;
    private final int maxQueued;
    private final AtomicReference<GroupCommitter> committer =
            new AtomicReference<>();
    private final List<Consumer<BatchPlan>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong committedSize = new AtomicLong(-1);
    private final Counter appended;
    private final DistributionSummary batchSizes;
    private final Timer commitLatency;
    private final CaseCache caseCache;
    private final int inFlight;
    private final int aheadFrom;
    private final Duration aloneAfter;
    private final Map<String, Counter> aheadOutcomes = new HashMap<>();
    /** Names this process in the NOTIFY payload of its commits (see {@link #isOwnNotification}). */
    private final String replica = UUID.randomUUID().toString();

    @Inject
    public Appender(Pool pool, Registry registry, MeterRegistry meters,
            @ConfigProperty(name = "flora.append.max-batch", defaultValue = "1000") int maxBatch,
            @ConfigProperty(name = "flora.append.max-queued", defaultValue = "20000")
            int maxQueued,
            @ConfigProperty(name = "flora.append.drain-timeout", defaultValue = "PT10S")
            Duration drainTimeout,
            @ConfigProperty(name = "flora.append.case-cache", defaultValue = "100000")
            int caseCache,
            @ConfigProperty(name = "flora.append.batches-in-flight", defaultValue = "2")
            int inFlight,
            @ConfigProperty(name = "flora.append.ahead-from", defaultValue = "64")
            int aheadFrom,
            @ConfigProperty(name = "flora.append.alone-after", defaultValue = "PT5S")
            Duration aloneAfter) {
        this.inFlight = inFlight;
        this.aheadFrom = aheadFrom;
        this.aloneAfter = aloneAfter;
        this.caseCache = new CaseCache(caseCache);
        this.drainTimeout = drainTimeout;
        this.registry = registry;
        this.pool = pool;
        this.maxBatch = maxBatch;
        this.maxQueued = maxQueued;
        this.appended = Counter.builder("flora.appends").description("entries committed")
                .register(meters);
        this.batchSizes = DistributionSummary.builder("flora.append.batch.size")
                .description("entries per committed batch").register(meters);
        this.commitLatency = Timer.builder("flora.append.commit")
                .description("time from batch start to commit").publishPercentiles(0.5, 0.99)
                .register(meters);
        meters.gauge("flora.ledger.size", committedSize);
        for (String outcome : List.of("committed", "moved", "declined")) {
            aheadOutcomes.put(outcome, Counter.builder("flora.append.ahead")
                    .description("batches planned while the previous one committed")
                    .tag("outcome", outcome).register(meters));
        }
    }

    /** Appends one command; see the class contract. */
    public Uni<AppendResult> append(AppendCommand command) {
        return appendAll(List.of(command)).map(outcomes -> {
            if (outcomes.get(0) instanceof FloraException rejected) {
                throw rejected;
            }
            return (AppendResult) outcomes.get(0);
        });
    }

    /**
     * Appends a group of commands in one batch (never split), e.g. one AppendStream message.
     *
     * @return one outcome per command, in order: an {@link AppendResult} once committed, or the
     *     {@link FloraException} that rejected that command (it wrote nothing); the Uni fails as
     *     a whole only when the batch could not be committed
     */
    public Uni<List<Object>> appendAll(List<AppendCommand> commands) {
        return registry.ruleBook().chain(rules -> {
            Object[] outcomes = new Object[commands.size()];
            List<AppendCommand> accepted = new ArrayList<>(commands.size());
            for (int i = 0; i < commands.size(); i++) {
                try {
                    rules.checkContent(commands.get(i).caller(), commands.get(i).change());
                    accepted.add(commands.get(i));
                } catch (FloraException rejected) {
                    outcomes[i] = rejected;
                }
            }
            if (accepted.isEmpty()) {
                return Uni.createFrom().item(List.of(outcomes));
            }
            return committer(rules).submit(accepted).map(results -> {
                int next = 0;
                for (int i = 0; i < outcomes.length; i++) {
                    if (outcomes[i] == null) {
                        outcomes[i] = results.get(next++);
                    }
                }
                return List.of(outcomes);
            });
        });
    }

    /** Most commands one {@link #appendAll} call may carry. */
    public int maxGroup() {
        return maxBatch;
    }

    /** The one group committer of this process, made with the rules once they are loaded. */
    private GroupCommitter committer(RuleBook rules) {
        GroupCommitter existing = committer.get();
        if (existing != null) {
            return existing;
        }
        BatchWriter writer = new BatchWriter(pool, rules, replica, caseCache, aloneAfter,
                outcome -> aheadOutcomes.get(outcome).increment());
        GroupCommitter made = new GroupCommitter(new TimedWriter(writer, commitLatency),
                maxBatch, maxQueued, inFlight, aheadFrom, this::committed);
        return committer.compareAndSet(null, made) ? made : committer.get();
    }

    /**
     * On shutdown: take no more appends and wait (at most {@code flora.append.drain-timeout})
     * until those already accepted are committed and answered, before the pool closes.
     */
    void drain(@Observes ShutdownEvent stop) {
        GroupCommitter current = committer.get();
        if (current == null) {
            return;
        }
        try {
            current.close().get(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("appends still in flight"
                    + " after %s of shutdown; their outcome is unknown to their callers",
                    drainTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("draining appends failed", e);
        }
    }

    /**
     * Whether a {@code flora_ledger} notification payload was sent by this process's own commit;
     * its entries reach the {@link #onCommit} listeners without a read back.
     */
    public boolean isOwnNotification(String payload) {
        return payload.startsWith(replica) && payload.length() > replica.length()
                && payload.charAt(replica.length()) == ' ';
    }

    /** Registers a listener called after every batch that committed new entries. */
    public void onCommit(Consumer<BatchPlan> listener) {
        listeners.add(listener);
    }

    private void committed(BatchPlan plan) {
        appended.increment(plan.rows().size());
        batchSizes.record(plan.rows().size());
        committedSize.accumulateAndGet(plan.tree().size(), Math::max);
        listeners.forEach(listener -> listener.accept(plan));
    }
}
