package dev.flora.service.append;

import dev.flora.service.error.FloraException;
import dev.flora.service.error.Reason;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Group commit: appends that arrive while a batch is being committed wait in a bounded queue and
 * go into the next batch together, so one COMMIT (one WAL flush) serves many appends.
 *
 * <p>Appends arrive in groups (one unary append, or the requests of one AppendStream message);
 * a group is never split across batches, and is answered once, in one pass, after its batch
 * committed. There is no timer: a group that arrives when nothing is in flight is written at
 * once (lowest latency when idle); under load the batch grows by itself up to {@code maxBatch}
 * appends, with the commit time as the natural wait.
 *
 * <p>Up to {@code inFlight} batches are in flight: once a batch has its plan made, and at least
 * {@code aheadFrom} appends wait, the next may be planned on the head it will leave and sent at
 * once (with fewer waiting, they wait for the commit and go together into the next batch: a
 * batch planned ahead waits for two commits, and at low rates that only lengthens the tail).
 * PostgreSQL inserts its entries while the batches before it commit, and it queues for the
 * head lock once its predecessor holds it ({@link Predecessor#holdsHead}), so batches take the
 * lock in the order they started. Batches
 * end, are answered and reported to {@code afterCommit} in that order, which is their order in
 * the ledger.
 *
 * <p>Contract: a group's Uni completes with its outcomes only after the transaction holding its
 * entries committed: one per command, in order, an {@link AppendResult} or the
 * {@link FloraException} that rejected that command. The Uni fails as a whole, writing nothing,
 * with OVERLOADED when the queue is full, and with STORAGE_UNAVAILABLE when the transaction
 * failed or its outcome is unknown (a retry with the same request ids then tells).
 */
final class GroupCommitter {

    private static final Logger LOG = Logger.getLogger(GroupCommitter.class);

    private final Batches writer;
    private final int maxBatch;
    private final int maxQueued;
    private final int maxInFlight;
    private final int aheadFrom;
    private final Consumer<BatchPlan> afterCommit;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean closed;
    /** Guarded by this: batches started and not yet answered, and the newest of them. */
    private int inFlight;
    private Flight newest;

    /** Writes one batch. */
    interface Batches {
        /**
         * Plans and writes {@code commands}; completes after COMMIT with the committed plan.
         *
         * @param predecessor null, or the batch still in flight ahead of this one, on whose plan
         *     this one may be planned
         * @param progress MUST be told, on any thread, each plan that will commit unless its
         *     transaction fails (the last one told is the one that commits); and may be told
         *     once that transaction holds the head lock (else its end counts as that)
         */
        Uni<BatchPlan> write(List<AppendCommand> commands, Predecessor predecessor,
                Progress progress);
    }

    /** What a batch in flight tells about itself. */
    interface Progress {
        /** Its plan is made: a next batch may be planned on it. */
        void planned(BatchPlan plan);

        /** Its transaction holds the head lock: a next batch may queue for the lock. */
        void holdsHead();
    }

    /**
     * A batch still in flight: the plan it made last; a Uni that completes once it holds the
     * head lock or has ended; and one that completes once it has ended and been answered.
     * Neither Uni fails.
     */
    record Predecessor(BatchPlan plan, Uni<Void> holdsHead, Uni<Void> ended) {
    }

    private record Pending(List<AppendCommand> commands, UniEmitter<? super List<Object>> emitter) {
    }

    /** One batch from start to answer. */
    private static final class Flight {
        final List<Pending> groups;
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        /** Completes once the batch holds the head lock, or has ended. */
        final CompletableFuture<Void> holdsHead = new CompletableFuture<>();
        volatile BatchPlan planned;
        /** Ends before this one; dropped once it did. */
        Flight previous;

        Flight(List<Pending> groups, Flight previous) {
            this.groups = groups;
            this.previous = previous;
        }
    }

    /**
     * @param maxInFlight batches in flight at once, at least 1 (one waits for each commit)
     * @param aheadFrom appends that must be waiting, at least 1, before a batch is started while
     *     another is in flight
     */
    GroupCommitter(Batches writer, int maxBatch, int maxQueued, int maxInFlight, int aheadFrom,
            Consumer<BatchPlan> afterCommit) {
        if (maxBatch < 1 || maxQueued < maxBatch) {
            throw new IllegalArgumentException("max batch " + maxBatch + " must be >= 1 and <= "
                    + "max queued " + maxQueued);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("batches in flight " + maxInFlight + " < 1");
        }
        if (aheadFrom < 1) {
            throw new IllegalArgumentException("appends waiting before a batch ahead "
                    + aheadFrom + " < 1");
        }
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.maxQueued = maxQueued;
        this.aheadFrom = aheadFrom;
        this.maxInFlight = maxInFlight;
        this.afterCommit = afterCommit;
    }

    /** Queues a group of appends; the Uni completes once its batch committed or failed. */
    Uni<List<Object>> submit(List<AppendCommand> commands) {
        if (commands.isEmpty() || commands.size() > maxBatch) {
            throw new IllegalArgumentException("group of " + commands.size()
                    + " appends, want 1.." + maxBatch);
        }
        return Uni.createFrom().emitter(emitter -> {
            if (closed) {
                emitter.fail(FloraException.of(Reason.SHUTTING_DOWN, "this replica is shutting"
                        + " down and accepts no more appends; retry on another replica"));
                return;
            }
            if (queued.addAndGet(commands.size()) > maxQueued) {
                queued.addAndGet(-commands.size());
                emitter.fail(FloraException.of(Reason.OVERLOADED, maxQueued
                        + " appends are already waiting; retry with backoff",
                        "max_queued", maxQueued));
                return;
            }
            queue.add(new Pending(commands, emitter));
            schedule();
        });
    }

    /**
     * Stops taking appends; the returned future completes once every append already queued has
     * been committed (or failed) and answered. A shutting-down replica MUST wait for it before
     * its database pool closes, or appends in flight end with an unknown outcome.
     */
    CompletableFuture<Void> close() {
        closed = true;
        schedule();
        return drained;
    }

    /**
     * Starts batches while there are queued groups and room: one when none is in flight, another
     * (up to {@code maxInFlight}) once the newest has its plan made and {@code aheadFrom}
     * appends wait.
     */
    private void schedule() {
        while (true) {
            Flight flight;
            synchronized (this) {
                boolean room = inFlight == 0 || (inFlight < maxInFlight
                        && newest.planned != null && queued.get() >= aheadFrom);
                if (!room || queue.isEmpty()) {
                    break;
                }
                flight = new Flight(drain(), inFlight == 0 ? null : newest);
                newest = flight;
                inFlight++;
            }
            start(flight);
        }
        completeDrainIfIdle();
    }

    private void completeDrainIfIdle() {
        boolean idle;
        synchronized (this) {
            idle = inFlight == 0;
        }
        if (closed && idle && queue.isEmpty()) {
            drained.complete(null);
        }
    }

    /** Whole groups, oldest first, up to {@code maxBatch} appends (or one group). */
    private List<Pending> drain() {
        List<Pending> batch = new ArrayList<>();
        int appends = 0;
        Pending next;
        while ((next = queue.peek()) != null
                && (batch.isEmpty() || appends + next.commands().size() <= maxBatch)) {
            queue.poll();
            batch.add(next);
            appends += next.commands().size();
        }
        queued.addAndGet(-appends);
        return batch;
    }

    private void start(Flight flight) {
        List<AppendCommand> commands = new ArrayList<>();
        flight.groups.forEach(p -> commands.addAll(p.commands()));
        Flight previous = flight.previous;
        Predecessor predecessor = previous == null ? null : new Predecessor(previous.planned,
                Uni.createFrom().completionStage(previous.holdsHead),
                Uni.createFrom().completionStage(previous.ended));
        Uni<BatchPlan> written;
        try {
            written = writer.write(commands, predecessor, new Progress() {
                @Override
                public void planned(BatchPlan plan) {
                    flight.planned = plan;
                    schedule();
                }

                @Override
                public void holdsHead() {
                    flight.holdsHead.complete(null);
                }
            });
        } catch (RuntimeException e) {
            written = Uni.createFrom().failure(e);
        }
        written.subscribe().with(plan -> inOrder(flight, () -> acknowledge(flight, plan)),
                failure -> inOrder(flight, () -> fail(flight, commands.size(), failure)));
    }

    /** Answers {@code flight} once the batch before it has been answered, then makes room. */
    private void inOrder(Flight flight, Runnable answer) {
        Flight previous = flight.previous;
        Runnable end = () -> {
            flight.previous = null;
            answer.run();
            synchronized (this) {
                inFlight--;
            }
            flight.holdsHead.complete(null);
            flight.ended.complete(null);
            schedule();
        };
        if (previous == null) {
            end.run();
        } else {
            previous.ended.whenComplete((ignored, failure) -> end.run());
        }
    }

    private void acknowledge(Flight flight, BatchPlan plan) {
        int from = 0;
        for (Pending pending : flight.groups) {
            int to = from + pending.commands().size();
            pending.emitter().complete(plan.outcomes().subList(from, to));
            from = to;
        }
        if (plan.writes()) {
            afterCommit.accept(plan);
        }
    }

    private void fail(Flight flight, int appends, Throwable failure) {
        LOG.warnf(failure, "append batch of %d failed or its commit outcome is unknown", appends);
        FloraException unavailable = FloraException.of(Reason.STORAGE_UNAVAILABLE,
                "the append was not acknowledged: the transaction failed, or the connection"
                        + " was lost around COMMIT; retry with the same request_id (safe:"
                        + " appends are idempotent)", "batch_size", appends);
        flight.groups.forEach(p -> p.emitter().fail(unavailable));
    }
}
