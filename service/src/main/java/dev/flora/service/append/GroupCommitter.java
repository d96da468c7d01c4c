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
 * <p>At most one batch per process is in flight. There is no timer: an append that arrives when
 * nothing is in flight is written at once (lowest latency when idle); under load the batch size
 * grows by itself up to {@code maxBatch}, with the commit time as the natural wait.
 *
 * <p>Contract: an append's Uni completes with its result only after the transaction holding its
 * entry committed, and fails (writing nothing) otherwise: STORAGE_UNAVAILABLE when the
 * transaction failed or its outcome is unknown (a retry with the same request id then tells),
 * OVERLOADED when the queue is full, the rule's reason when rejected.
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

    /** Writes one batch; completes after COMMIT. */
    interface Batches {
        Uni<BatchPlan> write(List<AppendCommand> commands);
    }

    private record Pending(AppendCommand command, UniEmitter<? super AppendResult> emitter) {
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

    /** Number of appends waiting for a batch. */
    int queued() {
        return queued.get();
    }

    /** Queues one append; the Uni completes once it is committed or rejected. */
    Uni<AppendResult> submit(AppendCommand command) {
        return Uni.createFrom().emitter(emitter -> {
            if (queued.incrementAndGet() > maxQueued) {
                queued.decrementAndGet();
                emitter.fail(FloraException.of(Reason.OVERLOADED, maxQueued
                        + " appends are already waiting; retry with backoff",
                        "max_queued", maxQueued));
                return;
            }
            queue.add(new Pending(command, emitter));
            writeIfIdle();
        });
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
    }

    private List<Pending> drain() {
        List<Pending> batch = new ArrayList<>(Math.min(maxBatch, queued.get()));
        Pending next;
        while (batch.size() < maxBatch && (next = queue.poll()) != null) {
            batch.add(next);
        }
        queued.addAndGet(-batch.size());
        return batch;
    }

    private void write(List<Pending> batch) {
        List<AppendCommand> commands = new ArrayList<>(batch.size());
        batch.forEach(p -> commands.add(p.command()));
        writer.write(commands).subscribe().with(plan -> {
            finish();
            acknowledge(batch, plan);
        }, failure -> {
            finish();
            LOG.warnf(failure, "append batch of %d failed or its commit outcome is unknown",
                    batch.size());
            FloraException unavailable = FloraException.of(Reason.STORAGE_UNAVAILABLE,
                    "the append was not acknowledged: the transaction failed, or the connection"
                            + " was lost around COMMIT; retry with the same request_id (safe:"
                            + " appends are idempotent)", "batch_size", batch.size());
            batch.forEach(p -> p.emitter().fail(unavailable));
        });
    }

    private void finish() {
        writing.set(false);
        writeIfIdle();
    }

    private void acknowledge(List<Pending> batch, BatchPlan plan) {
        for (int i = 0; i < batch.size(); i++) {
            Object outcome = plan.outcomes().get(i);
            if (outcome instanceof AppendResult result) {
                batch.get(i).emitter().complete(result);
            } else {
                batch.get(i).emitter().fail((FloraException) outcome);
            }
        }
        if (plan.writes()) {
            afterCommit.accept(plan);
        }
    }
}
