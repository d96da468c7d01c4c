package dev.flora.service.append;

import dev.flora.service.error.FloraException;
import dev.flora.service.error.Reason;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Group commit: appends that arrive while a batch is being committed wait in a bounded queue and
 * go into the next batch together, so one COMMIT (one WAL flush) serves many appends.
 *
 * <p>Appends arrive in groups (one unary append, or the requests of one AppendStream message);
 * a group is never split across batches, and is answered once, in one pass, after its batch
 * committed. At most one batch per process is in flight. There is no timer: a group that arrives
 * when nothing is in flight is written at once (lowest latency when idle); under load the batch
 * grows by itself up to {@code maxBatch} appends, with the commit time as the natural wait.
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
    private final Consumer<BatchPlan> afterCommit;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final java.util.concurrent.CompletableFuture<Void> drained =
            new java.util.concurrent.CompletableFuture<>();
    private volatile boolean closed;
    /** Batches taken from the queue whose groups are not answered yet. */
    private final AtomicInteger unanswered = new AtomicInteger();

    /** Writes one batch; completes after COMMIT. */
    interface Batches {
        Uni<BatchPlan> write(List<AppendCommand> commands);
    }

    private record Pending(List<AppendCommand> commands, UniEmitter<? super List<Object>> emitter) {
    }

    GroupCommitter(Batches writer, int maxBatch, int maxQueued,
            Consumer<BatchPlan> afterCommit) {
        if (maxBatch < 1 || maxQueued < maxBatch) {
            throw new IllegalArgumentException("max batch " + maxBatch + " must be >= 1 and <= "
                    + "max queued " + maxQueued);
        }
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.maxQueued = maxQueued;
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
            writeIfIdle();
        });
    }

    /**
     * Stops taking appends; the returned future completes once every append already queued has
     * been committed (or failed) and answered. A shutting-down replica MUST wait for it before
     * its database pool closes, or appends in flight end with an unknown outcome.
     */
    java.util.concurrent.CompletableFuture<Void> close() {
        closed = true;
        writeIfIdle();
        return drained;
    }

    private void writeIfIdle() {
        while (!queue.isEmpty() && writing.compareAndSet(false, true)) {
            List<Pending> batch = drain();
            if (!batch.isEmpty()) {
                write(batch);
                return;
            }
            writing.set(false);
        }
        completeDrainIfIdle();
    }

    private void completeDrainIfIdle() {
        if (closed && queue.isEmpty() && unanswered.get() == 0) {
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

    private void write(List<Pending> batch) {
        unanswered.incrementAndGet();
        List<AppendCommand> commands = new ArrayList<>();
        batch.forEach(p -> commands.addAll(p.commands()));
        writer.write(commands).subscribe().with(plan -> {
            finish();
            acknowledge(batch, plan);
            unanswered.decrementAndGet();
            completeDrainIfIdle();
        }, failure -> {
            finish();
            LOG.warnf(failure, "append batch of %d failed or its commit outcome is unknown",
                    commands.size());
            FloraException unavailable = FloraException.of(Reason.STORAGE_UNAVAILABLE,
                    "the append was not acknowledged: the transaction failed, or the connection"
                            + " was lost around COMMIT; retry with the same request_id (safe:"
                            + " appends are idempotent)", "batch_size", commands.size());
            batch.forEach(p -> p.emitter().fail(unavailable));
            unanswered.decrementAndGet();
            completeDrainIfIdle();
        });
    }

    private void finish() {
        writing.set(false);
        writeIfIdle();
    }

    private void acknowledge(List<Pending> batch, BatchPlan plan) {
        int from = 0;
        for (Pending pending : batch) {
            int to = from + pending.commands().size();
            pending.emitter().complete(plan.outcomes().subList(from, to));
            from = to;
        }
        if (plan.writes()) {
            afterCommit.accept(plan);
        }
    }
}
