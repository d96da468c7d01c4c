package dev.flora.service.append;

import dev.flora.ledger.entry.AttributeValue;
import dev.flora.ledger.merkle.TileAppend;
import dev.flora.service.append.AppendCommand.RequestKey;
import dev.flora.service.append.BatchPlanner.Snapshot;
import dev.flora.service.rules.AttributeRule;
import dev.flora.service.rules.CaseState;
import dev.flora.service.rules.EventRule;
import dev.flora.service.rules.RuleBook;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes one batch in one PostgreSQL transaction: lock the head row, read what planning needs,
 * plan, insert every new entry and tile change in one statement each, advance the head, commit.
 *
 * <p>Contract: the returned plan's results MUST NOT be acknowledged before the returned Uni
 * completes, because it completes only after COMMIT succeeded. Because every batch holds the
 * head row lock ({@code SELECT ... FOR UPDATE}) from its first read to its commit, batches from
 * any number of replicas are serialised and the ledger stays one contiguous chain.
 *
 * <p>Reads are kept off the common path. A batch first plans on what it can know without
 * reading: that its request ids are new, that a case an event can only start (registration)
 * does not exist yet, and the states in {@link CaseCache} if no other replica appended since
 * this process's last commit. It reads only the cases it cannot know. The unique indexes check
 * the two assumptions as the rows are inserted: a request id used before, or a case revision
 * that exists, fails the insert, and the batch is written again in a new transaction with
 * everything read ({@link #careful}). A plan that rejects a command is redone with everything
 * read too, in the same transaction, since the rejection may rest on an assumption (a retried
 * request is answered with its stored result, not as a new one).
 */
final class BatchWriter implements GroupCommitter.Batches {

    private static final String INSERT_ENTRIES = "insert into ledger_entry (entry_index,"
            + " leaf_hash, entry_bytes, case_ref, event_type, authority_id, request_id,"
            + " federal_state, recorded_time, case_revision, stage, decision_outcome)"
            + " select * from unnest($1::bigint[], $2::bytea[], $3::bytea[], $4::text[],"
            + " $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[],"
            + " $10::bigint[], $11::text[], $12::text[])";
    private static final String APPEND_TILES = "insert into merkle_tile (tile_level, tile_index,"
            + " hashes) select * from unnest($1::int[], $2::bigint[], $3::bytea[])"
            + " on conflict (tile_level, tile_index)"
            + " do update set hashes = merkle_tile.hashes || excluded.hashes";
    private static final String UPDATE_HEAD = "update ledger_head set tree_size = $1,"
            + " compact_range = $2, last_leaf_hash = $3 where id = 1";
    /**
     * Wakes the subscription tail of every replica; PostgreSQL delivers it only on COMMIT. The
     * payload is "{replica} {tree size}": a replica skips its own notifications, since its own
     * entries reach its live log from the committed batch without a read back.
     */
    private static final String NOTIFY = "select pg_notify('flora_ledger', $1)";
    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool pool;
    private final RuleBook rules;
    private final BatchPlanner planner;
    private final String replica;
    private final CaseCache cache;

    BatchWriter(Pool pool, RuleBook rules, String replica, CaseCache cache) {
        this.pool = pool;
        this.rules = rules;
        this.replica = replica;
        this.cache = cache;
        this.planner = new BatchPlanner(rules);
    }

    /** What a batch may have to read, by key. */
    private record Keys(List<RequestKey> requests, Set<String> cases, Set<String> mayExist,
            Set<Long> references) {
    }

    /** Plans and commits {@code commands}; completes after COMMIT with the committed plan. */
    @Override
    public Uni<BatchPlan> write(List<AppendCommand> commands) {
        Keys keys = keys(commands);
        return transaction(conn -> optimistic(conn, commands, keys))
                .onFailure(BatchWriter::isUniqueViolation)
                .recoverWithUni(() -> transaction(conn -> careful(conn, commands, keys)))
                .invoke(cache::committed)
                .onFailure().invoke(cache::invalidate);
    }

    private Keys keys(List<AppendCommand> commands) {
        List<RequestKey> requests = new ArrayList<>(commands.size());
        Set<String> cases = new LinkedHashSet<>();
        Set<String> mayExist = new LinkedHashSet<>();
        Set<Long> references = new LinkedHashSet<>();
        for (AppendCommand command : commands) {
            requests.add(command.key());
            cases.add(command.change().caseRef());
            EventRule rule = rules.rules().get(command.change().eventType());
            if (!rule.onlyStartsCases()) {
                mayExist.add(command.change().caseRef());
            }
            for (AttributeRule attribute : rule.attributes().values()) {
                if (attribute.effect() == AttributeRule.Effect.REFERENCES_ENTRY) {
                    command.change().attributes().get(attribute.key())
                            .filter(v -> v instanceof AttributeValue.Int)
                            .ifPresent(v -> references.add(((AttributeValue.Int) v).value()));
                }
            }
        }
        return new Keys(requests, cases, mayExist, references);
    }

    /**
     * Runs {@code work} on one connection as one transaction in two round trips: BEGIN is
     * pipelined with the reads ({@link #begin}) and COMMIT with the writes ({@link #store}),
     * instead of a round trip each. {@code work} MUST send {@link #begin} first and end with
     * {@link #store}. If a write fails, PostgreSQL answers the pipelined COMMIT by rolling back;
     * if anything fails before, the transaction is rolled back here.
     */
    private Uni<BatchPlan> transaction(Function<SqlConnection, Uni<BatchPlan>> work) {
        return pool.withConnection(conn -> work.apply(conn)
                .onFailure(failure -> !(failure instanceof WritesFailed))
                .call(() -> conn.query("rollback").execute().onFailure().recoverWithNull()));
    }

    /** The pipelined writes or COMMIT failed: the transaction has ended, committed or not. */
    private static final class WritesFailed extends RuntimeException {
        WritesFailed(Throwable cause) {
            super("the writes or the COMMIT of an append batch failed", cause);
        }
    }

    /** Starts the transaction; MUST be sent before the reads, in the same pipeline. */
    private static Uni<Void> begin(SqlConnection conn) {
        return conn.query("begin").execute().replaceWithVoid();
    }

    /** The common path: reads only the cases neither the cache nor the event type tells. */
    private Uni<BatchPlan> optimistic(SqlConnection conn, List<AppendCommand> commands,
            Keys keys) {
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
                        // Another replica appended since this process's last commit.
                        return LedgerLookups.cases(conn, keys.mayExist()).chain(cases ->
                                planOrReadAll(conn, commands, keys, head, cases, read.getItem4()));
                    }
                    known.putAll(read.getItem3());
                    return planOrReadAll(conn, commands, keys, head, known, read.getItem4());
                });
    }

    private Uni<BatchPlan> planOrReadAll(SqlConnection conn, List<AppendCommand> commands,
            Keys keys, LedgerHead head, Map<String, CaseState> cases,
            Map<Long, String> references) {
        BatchPlan plan = planner.plan(commands, new Snapshot(head, Map.of(), cases, references),
                now());
        if (!plan.rejectsAny()) {
            return store(conn, plan);
        }
        return Uni.combine().all().unis(LedgerLookups.existing(conn, keys.requests()),
                LedgerLookups.cases(conn, keys.cases())).asTuple()
                .chain(read -> store(conn, planner.plan(commands, new Snapshot(head,
                        read.getItem1(), read.getItem2(), references), now())));
    }

    /** After an assumption failed: reads every request id and case of the batch, assumes nothing. */
    private Uni<BatchPlan> careful(SqlConnection conn, List<AppendCommand> commands, Keys keys) {
        return Uni.combine().all().unis(begin(conn), LedgerLookups.lockHead(conn),
                LedgerLookups.existing(conn, keys.requests()),
                LedgerLookups.cases(conn, keys.cases()),
                LedgerLookups.referencedCases(conn, keys.references())).asTuple()
                .chain(read -> {
                    // Not used here, but emptied if another replica appended, so that the
                    // states this batch adds after COMMIT do not sit beside stale ones.
                    cache.validAt(read.getItem2().tree().size());
                    return store(conn, planner.plan(commands, new Snapshot(read.getItem2(),
                            read.getItem3(), read.getItem4(), read.getItem5()), now()));
                });
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
            if (t instanceof CompositeException composite) {
                return composite.getCauses().stream().anyMatch(BatchWriter::isUniqueViolation);
            }
        }
        return false;
    }

    /**
     * Sends every write of the batch and COMMIT at once (pipelined). If a write fails,
     * PostgreSQL turns the COMMIT into a rollback; all answers are awaited either way, so the
     * connection leaves with its transaction ended.
     */
    private Uni<BatchPlan> store(SqlConnection conn, BatchPlan plan) {
        Uni<Void> commit = conn.query("commit").execute().replaceWithVoid();
        if (!plan.writes()) {
            return commit.replaceWith(plan).onFailure().transform(WritesFailed::new);
        }
        return Uni.combine().all().unis(
                conn.preparedQuery(INSERT_ENTRIES).execute(entryColumns(plan.rows())),
                conn.preparedQuery(APPEND_TILES).execute(tileColumns(plan.tiles())),
                conn.preparedQuery(UPDATE_HEAD).execute(Tuple.of(plan.tree().size(),
                        Buffer.buffer(plan.tree().toBytes()),
                        Buffer.buffer(plan.lastLeafHash().toByteArray()))),
                conn.preparedQuery(NOTIFY).execute(Tuple.of(replica + " " + plan.tree().size())),
                commit).collectFailures().discardItems().replaceWith(plan)
                .onFailure().transform(WritesFailed::new);
    }

    private static Tuple entryColumns(List<EntryRow> rows) {
        int n = rows.size();
        Long[] index = new Long[n];
        Buffer[] leaf = new Buffer[n];
        Buffer[] bytes = new Buffer[n];
        String[] caseRef = new String[n];
        String[] eventType = new String[n];
        String[] authority = new String[n];
        String[] requestId = new String[n];
        String[] state = new String[n];
        java.time.OffsetDateTime[] recorded = new java.time.OffsetDateTime[n];
        Long[] revision = new Long[n];
        String[] stage = new String[n];
        String[] outcome = new String[n];
        for (int i = 0; i < n; i++) {
            EntryRow row = rows.get(i);
            stage[i] = row.caseAfter().stage();
            outcome[i] = row.caseAfter().decisionOutcome();
            index[i] = row.entry().index();
            leaf[i] = Buffer.buffer(row.leafHash().toByteArray());
            bytes[i] = Buffer.buffer(row.bytes());
            caseRef[i] = row.entry().change().caseRef();
            eventType[i] = row.entry().change().eventType();
            authority[i] = row.entry().change().issuingAuthority();
            requestId[i] = row.entry().change().requestId();
            state[i] = row.federalState();
            recorded[i] = i > 0 && rows.get(i - 1).entry().recordedTime()
                    .equals(row.entry().recordedTime()) ? recorded[i - 1]
                    : row.entry().recordedTime().atOffset(ZoneOffset.UTC);
            revision[i] = row.caseRevision();
        }
        return Tuple.tuple(List.of(index, leaf, bytes, caseRef, eventType, authority, requestId,
                state, recorded, revision, stage, outcome));
    }

    private static Tuple tileColumns(List<TileAppend> tiles) {
        int n = tiles.size();
        Integer[] level = new Integer[n];
        Long[] index = new Long[n];
        Buffer[] hashes = new Buffer[n];
        for (int i = 0; i < n; i++) {
            level[i] = tiles.get(i).id().level();
            index[i] = tiles.get(i).id().index();
            hashes[i] = Buffer.buffer(tiles.get(i).hashes());
        }
        return Tuple.of(level, index, hashes);
    }

    /** The batch's recorded time: now, in whole microseconds as the entry format requires. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
