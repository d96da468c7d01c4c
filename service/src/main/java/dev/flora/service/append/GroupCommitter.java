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
 * <p>At most two batches are in flight: once one holds the head lock with its plan made, the
 * next may be planned on the head it will leave and sent behind it ({@code overlap}), so that
 * the database commits one while the service plans the other. Batches end, are answered and reported to
 * {@code afterCommit} in the order they started, which is their order in the ledger.
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
    private final boolean overlap;
    private final Consumer<BatchPlan> afterCommit;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean closed;
    /** Guarded by this: batches started and not yet answered (0..2), and the newest of them. */
    private int inFlight;
    private Flight newest;

    /** Writes one batch. */
    interface Batches {
        /**
         * Plans and writes {@code commands}; completes after COMMIT with the committed plan.
         *
         * @param predecessor null, or the batch still committing ahead of this one, on whose
         *     plan this one may be planned
         * @param sent MUST be called, on any thread, with each plan that will commit unless its
         *     transaction fails, once that transaction holds the head lock (the last one called
         *     is the one that commits)
         */
        Uni<BatchPlan> write(List<AppendCommand> commands, Predecessor predecessor,
                Consumer<BatchPlan> sent);
    }

    /**
     * A batch still in flight: the plan it sent last, and a Uni that completes (never fails)
     * once it has ended and been answered.
     */
    record Predecessor(BatchPlan plan, Uni<Void> ended) {
    }

    private record Pending(List<AppendCommand> commands, UniEmitter<? super List<Object>> emitter) {
    }

    /** One batch from start to answer. */
    private static final class Flight {
        final List<Pending> groups;
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        volatile BatchPlan sent;
        /** Ends before this one; dropped once it did. */
        Flight previous;

        Flight(List<Pending> groups, Flight previous) {
            this.groups = groups;
            this.previous = previous;
        }
    }

    GroupCommitter(Batches writer, int maxBatch, int maxQueued, boolean overlap,
            Consumer<BatchPlan> afterCommit) {
        if (maxBatch < 1 || maxQueued < maxBatch) {
            throw new IllegalArgumentException("max batch " + maxBatch + " must be >= 1 and <= "
                    + "max queued " + maxQueued);
        }
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.maxQueued = maxQueued;
        this.overlap = overlap;
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
     * Starts batches while there are queued groups and room: one when none is in flight, a
     * second once the first holds the head lock with its plan made.
     */
    private void schedule() {
        while (true) {
            Flight flight;
            synchronized (this) {
                boolean room = inFlight == 0
                        || (overlap && inFlight == 1 && newest.sent != null);
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
        Predecessor predecessor = previous == null ? null : new Predecessor(previous.sent,
                Uni.createFrom().completionStage(previous.ended));
        Uni<BatchPlan> written;
        try {
            written = writer.write(commands, predecessor, plan -> {
                flight.sent = plan;
                schedule();
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
