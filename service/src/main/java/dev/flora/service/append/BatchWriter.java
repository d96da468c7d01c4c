package dev.flora.service.append;

import static dev.flora.service.append.Transactions.begin;
import static dev.flora.service.append.Transactions.hasSqlState;

import dev.flora.ledger.entry.AttributeValue;
import dev.flora.ledger.entry.Attributes;
import dev.flora.service.append.AppendCommand.RequestKey;
import dev.flora.service.append.BatchPlanner.Snapshot;
import dev.flora.service.append.GroupCommitter.Predecessor;
import dev.flora.service.append.GroupCommitter.Progress;
import dev.flora.service.append.Transactions.WritesFailed;
import dev.flora.service.rules.AttributeRule;
import dev.flora.service.rules.CaseState;
import dev.flora.service.rules.EventRule;
import dev.flora.service.rules.RuleBook;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Writes one batch in one PostgreSQL transaction: lock the head row, read what planning needs,
 * plan, write the entries, tile changes and the head in one statement (migration V9), commit.
 * With no batch in flight and nothing to read, the batch is planned on the head this process's
 * last batch left and that one statement is the whole transaction ({@link #atLastHead}).
 *
 * <p>Contract: the returned plan's results MUST NOT be acknowledged before the returned Uni
 * completes, because it completes only after COMMIT succeeded. Because every batch holds the
 * head row lock from its first read (or, when planned ahead, from its head check) to its commit,
 * batches from any number of replicas are serialised and the ledger stays one contiguous chain.
 *
 * <p>Reads are kept off the common path. A batch first plans on what it can know without
 * reading: that its request ids are new, that a case an event can only start (registration)
 * does not exist yet, and the states in {@link CaseCache} if no other replica appended since
 * this process's last batch. It reads only the cases it cannot know. The unique indexes check
 * the two assumptions as the rows are inserted: a request id used before, or a case revision
 * that exists, fails the insert, and the batch is written again in a new transaction with
 * everything read ({@link #careful}). A plan that rejects a command is redone with everything
 * read too, in the same transaction, since the rejection may rest on an assumption (a retried
 * request is answered with its stored result, not as a new one).
 *
 * <p>Planned ahead ({@link #ahead}): while the batches before it commit, the next one is
 * planned on the head the last of them will leave, and its entries are inserted at once, in
 * parallel with theirs; once its predecessor holds the head lock it sends a head check (migration
 * V6) that waits for that batch's COMMIT, then the rest of its writes. If the check fails (a
 * batch before it rolled back, or another replica appended), nothing is written and the batch is
 * written again the ordinary way once its predecessor has ended. Entries inserted ahead do not
 * block another replica's batch that holds the head and writes the same indexes, since
 * {@code entry_index} is not a unique index (migration V8): the head lock alone decides which
 * batch commits at an index. A request id or case revision that two transactions write at
 * once can still make them wait for each other: PostgreSQL fails one with a deadlock error
 * (after its {@code deadlock_timeout}), or, when part of the cycle is a wait in this process (a
 * batch planned ahead waits for its predecessor to hold the head), the insert gives up after a
 * second ({@link LedgerWrites#LOCK_NOT_AVAILABLE}); a batch planned ahead is then written again.
 * A batch retrying a request its predecessor carries is not planned ahead at all.
 */
final class BatchWriter implements GroupCommitter.Batches {

    private final Pool pool;
    private final RuleBook rules;
    private final BatchPlanner planner;
    private final String replica;
    private final CaseCache cache;
    private final Consumer<String> aheadOutcomes;
    /** How long after another replica appended batches insert their entries only under the head. */
    private final long aloneAfterNanos;
    /** When another replica was last seen appending ({@link System#nanoTime}). */
    private volatile long othersWroteAt = System.nanoTime();

    /**
     * @param aheadOutcomes told how each batch planned ahead ended: "committed", "declined" (it
     *     waited for its predecessor instead) or "moved" (the head check or an insert failed)
     * @param aloneAfter how long after another replica was last seen appending a batch planned
     *     ahead inserts its entries before it holds the head
     */
    BatchWriter(Pool pool, RuleBook rules, String replica, CaseCache cache,
            Duration aloneAfter, Consumer<String> aheadOutcomes) {
        this.aloneAfterNanos = aloneAfter.toNanos();
        this.pool = pool;
        this.rules = rules;
        this.replica = replica;
        this.cache = cache;
        this.aheadOutcomes = aheadOutcomes;
        this.planner = new BatchPlanner(rules);
    }

    /** What a batch may have to read, by key. */
    private record Keys(List<AppendCommand> commands, Set<String> cases, Set<String> mayExist,
            Set<Long> references) {

        /** The request keys, read only when an assumption failed or a plan rejects. */
        List<RequestKey> requests() {
            return commands.stream().map(AppendCommand::key).toList();
        }
    }

    /** Plans and commits {@code commands}; completes after COMMIT with the committed plan. */
    @Override
    public Uni<BatchPlan> write(List<AppendCommand> commands, Predecessor predecessor,
            Progress progress) {
        Keys keys = keys(commands);
        Uni<BatchPlan> written = predecessor == null ? atLastHead(commands, keys, progress)
                : ahead(commands, keys, predecessor, progress)
                        .invoke(() -> aheadOutcomes.accept("committed"))
                        .onFailure(BatchWriter::mayRetry).recoverWithUni(failure -> {
                            aheadOutcomes.accept(failure instanceof Declined ? "declined"
                                    : "moved");
                            if (!(failure instanceof Declined)) {
                                cache.invalidate();
                                othersWrite();
                            }
                            return predecessor.ended()
                                    .chain(() -> afresh(commands, keys, progress));
                        });
        return written.onFailure().invoke(cache::invalidate);
    }

    /**
     * The common path when no batch is in flight: plans on the head this process's last batch
     * left, if no batch failed since (the cache's plan), and writes the batch in one statement
     * outside a transaction block, which locks the head if it is still there: one message and
     * one round trip instead of two round trips and a statement per write (V9). Writes the batch
     * {@link #afresh} when it cannot (something must be read, the plan rejects a command), when
     * the head has moved on (another replica appended), when a lock was held longer than a second
     * ({@link LedgerWrites#LOCK_NOT_AVAILABLE}) or when the connection was lost; the
     * batch's request ids make that safe even if the statement committed. A request id used
     * before fails the insert, as in {@link #optimistic}, and the batch is written
     * {@link #careful}ly.
     *
     * <p>It does not tell {@code progress} that it holds the head: a batch planned on it sends
     * its head check once this one has ended, not before this one's statement could take the
     * lock (the check would find the old head and fail).
     */
    private Uni<BatchPlan> atLastHead(List<AppendCommand> commands, Keys keys,
            Progress progress) {
        BatchPlan last = cache.last();
        Map<String, CaseState> known = last == null || !keys.references().isEmpty() ? null
                : cache.statesAfter(last, keys.cases());
        if (known == null || !known.keySet().containsAll(keys.mayExist())) {
            return afresh(commands, keys, progress);
        }
        LedgerHead head = head(last);
        BatchPlan plan = planner.plan(commands, new Snapshot(head, Map.of(), known, Map.of()),
                now());
        if (plan.rejectsAny() || !plan.writes() || !cache.plannedAfter(last, plan)) {
            return afresh(commands, keys, progress);
        }
        return Transactions.run(pool, conn -> sendThenTell(LedgerWrites.storeAt(conn, head,
                plan, last, replica).replaceWith(plan).onFailure().transform(WritesFailed::new),
                () -> progress.planned(plan)))
                .onFailure(failure -> hasSqlState(failure, LedgerWrites.HEAD_MOVED)
                        || isUniqueViolation(failure) || gaveWay(failure)
                        || Transactions.connectionLost(failure))
                .recoverWithUni(failure -> {
                    cache.invalidate();
                    if (isUniqueViolation(failure)) {
                        return Transactions.run(pool, conn -> careful(conn, commands, keys,
                                progress));
                    }
                    if (!Transactions.connectionLost(failure)) {
                        othersWrite();
                    }
                    return afresh(commands, keys, progress);
                });
    }

    private Uni<BatchPlan> afresh(List<AppendCommand> commands, Keys keys,
            Progress progress) {
        return Transactions.run(pool, conn -> optimistic(conn, commands, keys, progress))
                .onFailure(failure -> isUniqueViolation(failure) || gaveWay(failure))
                .recoverWithUni(failure -> {
                    cache.invalidate();
                    if (gaveWay(failure)) {
                        othersWrite();
                    }
                    return Transactions.run(pool, conn -> careful(conn, commands, keys, progress));
                });
    }

    /**
     * Whether the transaction was rolled back to end a wait for another transaction's rows:
     * PostgreSQL found a deadlock, or the insert gave up ({@link LedgerWrites#LOCK_NOT_AVAILABLE}).
     * Nothing was written; the batch may be written again.
     */
    private static boolean gaveWay(Throwable failure) {
        return hasSqlState(failure, Transactions.DEADLOCK)
                || hasSqlState(failure, LedgerWrites.LOCK_NOT_AVAILABLE);
    }

    /** Notes that another replica appends (or this one's state was lost): see {@link #ahead}. */
    private void othersWrite() {
        othersWroteAt = System.nanoTime();
    }

    private boolean othersWroteRecently() {
        return System.nanoTime() - othersWroteAt < aloneAfterNanos;
    }

    private Keys keys(List<AppendCommand> commands) {
        int capacity = commands.size() * 4 / 3 + 1;
        Set<String> cases = new HashSet<>(capacity);
        Set<String> mayExist = new HashSet<>(capacity);
        Set<Long> references = new HashSet<>();
        for (AppendCommand command : commands) {
            cases.add(command.change().caseRef());
            EventRule rule = rules.rules().get(command.change().eventType());
            if (!rule.onlyStartsCases()) {
                mayExist.add(command.change().caseRef());
            }
            Attributes attributes = command.change().attributes();
            for (int i = 0; i < attributes.size(); i++) {
                AttributeRule attribute = rule.attributes().get(attributes.keyAt(i));
                if (attribute != null && attribute.effect() == AttributeRule.Effect.REFERENCES_ENTRY
                        && attributes.valueAt(i) instanceof AttributeValue.Int reference) {
                    references.add(reference.value());
                }
            }
        }
        return new Keys(commands, cases, mayExist, references);
    }

    /** A batch could not be planned ahead and waits for its predecessor; nothing was sent. */
    private static final class Declined extends RuntimeException {
        Declined(String why) {
            super(why, null, false, false);
        }
    }

    /** The common path: reads only the cases neither the cache nor the event type tells. */
    private Uni<BatchPlan> optimistic(SqlConnection conn, List<AppendCommand> commands,
            Keys keys, Progress progress) {
        Map<String, CaseState> known = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String ref : keys.cases()) {
            CaseState state = cache.get(ref);
            if (state != null) {
                known.put(ref, state);
            } else if (keys.mayExist().contains(ref)) {
                unknown.add(ref);
            }
        }
        return Uni.combine().all().unis(begin(conn), LedgerLookups.lockHead(conn),
                LedgerLookups.cases(conn, unknown),
                LedgerLookups.referencedCases(conn, keys.references())).asTuple()
                .chain(read -> {
                    LedgerHead head = read.getItem2();
                    if (!cache.validAt(head.tree().size())) {
                        // Another replica appended since this process's last batch.
                        othersWrite();
                        return LedgerLookups.cases(conn, keys.mayExist()).chain(cases ->
                                planOrReadAll(conn, commands, keys, head, cases, read.getItem4(),
                                        progress));
                    }
                    known.putAll(read.getItem3());
                    return planOrReadAll(conn, commands, keys, head, known, read.getItem4(),
                            progress);
                });
    }

    private Uni<BatchPlan> planOrReadAll(SqlConnection conn, List<AppendCommand> commands,
            Keys keys, LedgerHead head, Map<String, CaseState> cases,
            Map<Long, String> references, Progress progress) {
        BatchPlan plan = planner.plan(commands, new Snapshot(head, Map.of(), cases, references),
                now());
        if (!plan.rejectsAny()) {
            return store(conn, plan, progress);
        }
        return Uni.combine().all().unis(LedgerLookups.existing(conn, keys.requests()),
                LedgerLookups.cases(conn, keys.cases())).asTuple()
                .chain(read -> store(conn, planner.plan(commands, new Snapshot(head,
                        read.getItem1(), read.getItem2(), references), now()), progress));
    }

    /**
     * After an assumption failed: reads every request id and case of the batch, assumes nothing.
     */
    private Uni<BatchPlan> careful(SqlConnection conn, List<AppendCommand> commands, Keys keys,
            Progress progress) {
        return Uni.combine().all().unis(begin(conn), LedgerLookups.lockHead(conn),
                LedgerLookups.existing(conn, keys.requests()),
                LedgerLookups.cases(conn, keys.cases()),
                LedgerLookups.referencedCases(conn, keys.references())).asTuple()
                .chain(read -> store(conn, planner.plan(commands, new Snapshot(read.getItem2(),
                        read.getItem3(), read.getItem4(), read.getItem5()), now()), progress));
    }

    /**
     * Plans the batch on the head {@code predecessor} will leave, while it is still in flight,
     * inserts its entries at once, and sends the head check and the rest once the predecessor
     * holds the head. Fails with {@link Declined} (nothing sent) when the cache is no longer as
     * of the predecessor's plan, the plan rejects a command (a rejection may rest on an
     * assumption; the ordinary path reads and decides) or the predecessor carries one of its
     * request ids; fails with the head check's or an insert's error when the assumptions did not
     * hold (nothing written).
     */
    private Uni<BatchPlan> ahead(List<AppendCommand> commands, Keys keys,
            Predecessor predecessor, Progress progress) {
        BatchPlan previous = predecessor.plan();
        for (AppendCommand command : commands) {
            // A retry of a request still in flight. Inserted at once, its row could make the
            // predecessor's insert wait for this transaction, which waits for the predecessor.
            if (previous.requestKeys().contains(command.key())) {
                return Uni.createFrom().failure(new Declined("a request of the batch ahead"));
            }
        }
        Map<String, CaseState> known = cache.statesAfter(previous, keys.cases());
        if (known == null) {
            return Uni.createFrom().failure(new Declined("the cache moved on"));
        }
        List<String> unknown = new ArrayList<>();
        for (String ref : keys.mayExist()) {
            if (!known.containsKey(ref)) {
                unknown.add(ref);
            }
        }
        Map<Long, String> references = new HashMap<>();
        if (!keys.references().isEmpty()) {
            for (EntryRow row : previous.rows()) {
                // Entries of the predecessor are not committed yet: a read would not find them.
                if (keys.references().contains(row.entry().index())) {
                    references.put(row.entry().index(), row.entry().change().caseRef());
                }
            }
        }
        boolean reads = !unknown.isEmpty() || !keys.references().isEmpty();
        return Transactions.run(pool, conn -> {
            Uni<Void> started = !reads ? Uni.createFrom().voidItem()
                    : Uni.combine().all().unis(begin(conn), LedgerLookups.cases(conn, unknown),
                            LedgerLookups.referencedCases(conn, keys.references())).asTuple()
                            .invoke(read -> {
                                known.putAll(read.getItem2());
                                references.putAll(read.getItem3());
                            }).replaceWithVoid();
            return started.chain(() -> {
                LedgerHead head = head(previous);
                BatchPlan plan = planner.plan(commands, new Snapshot(head, Map.of(), known,
                        references), now());
                if (plan.rejectsAny() || !cache.plannedAfter(previous, plan)) {
                    return Uni.createFrom().failure(new Declined("the plan rejects a command"
                            + " or the cache moved on"));
                }
                // The head check only once the predecessor holds the head, so that batches
                // queue for the lock in their order (sent earlier, this one's check could reach
                // the lock first). The entries go in at once, while the batches ahead commit,
                // unless other replicas write: then after the check, since entries inserted
                // ahead can hold a case revision or request id that a batch of theirs holding
                // the head also writes, and that batch would wait for them.
                Uni<Void> check = LedgerWrites.lockHeadAt(conn, head).invoke(progress::holdsHead);
                Uni<Void> writes;
                if (othersWroteRecently()) {
                    writes = predecessor.holdsHead().chain(() -> Uni.combine().all().unis(check,
                            LedgerWrites.store(conn, plan, previous, replica)).collectFailures()
                            .discardItems());
                } else {
                    Uni<Void> inserted = LedgerWrites.insertEntries(conn, plan);
                    Uni<Void> rest = predecessor.holdsHead().chain(() -> Uni.combine().all()
                            .unis(check, LedgerWrites.finish(conn, plan, previous, replica))
                            .collectFailures().discardItems());
                    writes = Uni.combine().all().unis(inserted, rest).collectFailures()
                            .discardItems();
                }
                return sendThenTell((reads ? writes : Uni.combine().all().unis(begin(conn),
                        writes).collectFailures().discardItems()).replaceWith(plan)
                        .onFailure().transform(WritesFailed::new),
                        () -> progress.planned(plan));
            });
        });
    }

    private static LedgerHead head(BatchPlan plan) {
        return new LedgerHead(plan.tree(), plan.lastLeafHash());
    }

    /** Whether a batch planned ahead may be written again the ordinary way. */
    private static boolean mayRetry(Throwable failure) {
        return failure instanceof Declined || hasSqlState(failure, LedgerWrites.HEAD_MOVED)
                || isUniqueViolation(failure) || gaveWay(failure);
    }

    private static boolean isUniqueViolation(Throwable failure) {
        return hasSqlState(failure, Transactions.UNIQUE_VIOLATION);
    }

    /**
     * Records {@code plan} in the cache, then sends its writes and COMMIT. If a write fails,
     * PostgreSQL turns the COMMIT into a rollback; all answers are awaited either way, so the
     * connection leaves with its transaction ended.
     */
    private Uni<BatchPlan> store(SqlConnection conn, BatchPlan plan, Progress progress) {
        cache.planned(plan);
        return sendThenTell(LedgerWrites.store(conn, plan, null, replica).replaceWith(plan)
                .onFailure().transform(WritesFailed::new), () -> {
                    progress.holdsHead();
                    progress.planned(plan);
                });
    }

    /**
     * Sends {@code writes} (subscribes to them), then runs {@code tell}, which may start the
     * next batch: planning it must not delay this batch's writes.
     */
    private static Uni<BatchPlan> sendThenTell(Uni<BatchPlan> writes, Runnable tell) {
        return Uni.createFrom().emitter(emitter -> {
            writes.subscribe().with(emitter::complete, emitter::fail);
            tell.run();
        });
    }

    /** The batch's recorded time: now, in whole microseconds as the entry format requires. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
