package dev.flora.service.append;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.merkle.TileAppend;
import dev.flora.ledger.merkle.TileId;
import io.smallrye.mutiny.Uni;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes of the append transaction: every new entry and every tile change in one statement
 * each, the head advanced, a notification, and COMMIT, sent without waiting for answers
 * (pipelined). PostgreSQL runs them in order; if one fails, the transaction is aborted and the
 * COMMIT that follows rolls it back.
 */
final class LedgerWrites {

    /*
     * Entries of a batch are contiguous and share one recorded time, so the index is sent once
     * (the first) and numbered by a series, and the time once: fewer values to box and encode.
     * The arrays are unnested in the select list (one ProjectSet node: the arrays advance in
     * step, a row at a time), not in FROM (a FunctionScan, which first copies each array into a
     * tuplestore of its own and reads it back): 0.62-0.89 instead of 1.04-1.54 µs of PostgreSQL
     * per row for the rows alone (bench/sql/unnest-forms.sql, docs/benchmarks.md).
     */
    private static final String INSERT_ENTRIES = "insert into ledger_entry (entry_index,"
            + " leaf_hash, entry_bytes, case_ref, event_type, authority_id, request_id,"
            + " federal_state, recorded_time, case_revision, stage, decision_outcome)"
            + " select generate_series($1::bigint, $1::bigint + cardinality($3::bytea[]) - 1),"
            + " unnest($3::bytea[]), unnest($4::bytea[]), unnest($5::text[]), unnest($6::text[]),"
            + " unnest($7::text[]), unnest($8::text[]), unnest($9::text[]), $2::timestamptz,"
            + " unnest($10::bigint[]), unnest($11::text[]), unnest($12::text[])";
    /*
     * The connections plan every execution with its parameters (plan_cache_mode in
     * application.properties); the insert's plan is the same for every batch, and planning it
     * with 1,000 rows of parameters cost ~0.34 ms of PostgreSQL per batch (pg_stat_statements):
     * it runs with the plan made once per connection. So do the writes after it to the end of
     * the transaction (tiles, head, notification, head check), whose plans do not depend on
     * their parameters either: planning the head's update on every batch cost ~37 µs of
     * PostgreSQL, most of a unary append's planning (docs/benchmarks.md, session 8). No read
     * follows the insert in its transaction. And the insert waits at most a second for a lock
     * ({@link #LOCK_NOT_AVAILABLE}).
     */
    private static final String BEFORE_INSERT = "set local plan_cache_mode = force_generic_plan;"
            + " set local lock_timeout = '1s'";
    private static final String AFTER_INSERT = "set local lock_timeout to default";
    /**
     * The SQLSTATE of an insert that waited more than a second for another transaction's
     * uncommitted row with the same request id or case revision ({@link #BEFORE_INSERT}): such
     * a wait ends within milliseconds when that transaction commits, so a longer one is part of
     * a cycle of waits that PostgreSQL cannot see (a batch planned ahead waits in this process
     * for the batch before it to hold the head), and the batch gives way.
     */
    static final String LOCK_NOT_AVAILABLE = "55P03";
    /*
     * Leaf tiles (level 0) are written once, when full; until then a proof reads the partial
     * one from ledger_entry (read.Proofs). Rewriting a growing leaf tile on every batch cost up
     * to 8 KiB of TOAST and WAL per batch, i.e. per append at low rates. A full tile of this
     * batch's own entries is sent with the upper tiles, and so is the tile its first entry
     * completes when the batch it was planned on holds the rest of that tile's entries; else
     * that tile is made from the leaf hashes of its entries (visible once the batch holds the
     * head): 0.46 ms of PostgreSQL under the head lock per streamed batch (pg_stat_statements).
     */
    private static final String FILL_LEAF_TILE = "insert into merkle_tile (tile_level,"
            + " tile_index, hashes) values (0, $1, flora_leaf_tile($1))";
    /**
     * New full leaf tiles, and tiles of level 1 and up, which grow by a hash per 256 leaves or
     * more: appended in place. (A leaf tile is stored once, full, so it never conflicts.)
     */
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
    /** Locks the head if it is at the expected size and last leaf (migration V6), else fails. */
    private static final String LOCK_HEAD_AT = "select flora_lock_head_at($1, $2)";
    /** The SQLSTATE of {@link #LOCK_HEAD_AT} when the head is elsewhere. */
    static final String HEAD_MOVED = "FL001";

    private LedgerWrites() {
    }

    /**
     * Locks the head only if it is {@code expected} (the head the batch ahead of this one will
     * leave); sent once that batch holds the head, it waits for that batch's COMMIT.
     */
    static Uni<Void> lockHeadAt(SqlConnection conn, LedgerHead expected) {
        return conn.preparedQuery(LOCK_HEAD_AT).execute(Tuple.of(expected.size(),
                Buffer.buffer(expected.lastLeafHash().toByteArray()))).replaceWithVoid();
    }

    /**
     * Sends the writes of {@code plan} and COMMIT, in a transaction that holds the head lock.
     * The Uni completes once every answer arrived, and fails if any statement failed (the
     * transaction then ended in a rollback).
     */
    static Uni<Void> store(SqlConnection conn, BatchPlan plan, BatchPlan plannedOn,
            String replica) {
        return Uni.combine().all().unis(insertEntries(conn, plan),
                finish(conn, plan, plannedOn, replica)).collectFailures().discardItems();
    }

    /**
     * Inserts the entries of {@code plan}. A batch planned ahead while no other replica appends
     * sends this before it holds the head lock, so that PostgreSQL inserts its entries while the
     * batches ahead of it commit: {@code entry_index} is not a unique index (migration V8), so
     * entries another replica writes at the same indexes meanwhile do not wait for these; the
     * head check decides which commit.
     */
    static Uni<Void> insertEntries(SqlConnection conn, BatchPlan plan) {
        if (!plan.writes()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.combine().all().unis(conn.query(BEFORE_INSERT).execute(),
                conn.preparedQuery(INSERT_ENTRIES).execute(entryColumns(plan.rows())),
                conn.query(AFTER_INSERT).execute()).collectFailures().discardItems();
    }

    /**
     * Sends the rest of the writes of {@code plan} (tiles, head, notification) and COMMIT, once
     * the transaction holds the head lock, or queues for it behind {@link #lockHeadAt}: the
     * tiles read and extend what the batches before it wrote.
     *
     * @param plannedOn null, or the plan of the batch this one was planned on, which commits
     *     before it (or this one's head check fails)
     */
    static Uni<Void> finish(SqlConnection conn, BatchPlan plan, BatchPlan plannedOn,
            String replica) {
        Uni<Void> commit = conn.query("commit").execute().replaceWithVoid();
        if (!plan.writes()) {
            return commit;
        }
        List<Uni<?>> writes = new ArrayList<>(5);
        List<TileAppend> tiles = new ArrayList<>();
        for (TileAppend tile : plan.tiles()) {
            if (tile.id().level() > 0 || tile.offset() == 0 && tile.endOffset() == TileId.WIDTH) {
                tiles.add(tile);
            } else if (tile.endOffset() == TileId.WIDTH) {
                TileAppend full = fullLeafTile(tile, plannedOn);
                if (full != null) {
                    tiles.add(full);
                } else {
                    writes.add(conn.preparedQuery(FILL_LEAF_TILE).execute(Tuple.of(
                            tile.id().index())));
                }
            }
        }
        if (!tiles.isEmpty()) {
            writes.add(conn.preparedQuery(APPEND_TILES).execute(tileColumns(tiles)));
        }
        writes.addAll(List.of(
                conn.preparedQuery(UPDATE_HEAD).execute(Tuple.of(plan.tree().size(),
                        Buffer.buffer(plan.tree().toBytes()),
                        Buffer.buffer(plan.lastLeafHash().toByteArray()))),
                conn.preparedQuery(NOTIFY).execute(Tuple.of(replica + " " + plan.tree().size())),
                commit));
        return Uni.combine().all().unis(writes).collectFailures().discardItems();
    }

    /**
     * The leaf tile that {@code completing} (the hashes from its offset to the end of the tile)
     * completes, whole, if the entries of {@code before} end right before it and reach back to
     * the tile's start; else null.
     */
    static TileAppend fullLeafTile(TileAppend completing, BatchPlan before) {
        if (before == null || before.rows().isEmpty()) {
            return null;
        }
        long tileStart = completing.id().index() * TileId.WIDTH;
        long first = before.rows().get(0).entry().index();
        long end = first + before.rows().size();
        if (first > tileStart || end != tileStart + completing.offset()) {
            return null;
        }
        byte[] hashes = new byte[TileId.WIDTH * Digest.LENGTH];
        int pos = 0;
        for (int i = (int) (tileStart - first); i < before.rows().size(); i++) {
            before.rows().get(i).leafHash().copyTo(hashes, pos);
            pos += Digest.LENGTH;
        }
        completing.copyHashesTo(hashes, pos);
        return new TileAppend(completing.id(), 0, hashes);
    }

    private static Tuple entryColumns(List<EntryRow> rows) {
        int n = rows.size();
        Buffer[] leaf = new Buffer[n];
        Buffer[] bytes = new Buffer[n];
        String[] caseRef = new String[n];
        String[] eventType = new String[n];
        String[] authority = new String[n];
        String[] requestId = new String[n];
        String[] state = new String[n];
        Long[] revision = new Long[n];
        String[] stage = new String[n];
        String[] outcome = new String[n];
        for (int i = 0; i < n; i++) {
            EntryRow row = rows.get(i);
            leaf[i] = wrap(row.leafHash().toByteArray());
            bytes[i] = wrap(row.bytes());
            caseRef[i] = row.entry().change().caseRef();
            eventType[i] = row.entry().change().eventType();
            authority[i] = row.entry().change().issuingAuthority();
            requestId[i] = row.entry().change().requestId();
            state[i] = row.federalState();
            revision[i] = row.caseRevision();
            stage[i] = row.caseAfter().stage();
            outcome[i] = row.caseAfter().decisionOutcome();
        }
        EntryRow first = rows.get(0);
        OffsetDateTime recorded = first.entry().recordedTime().atOffset(ZoneOffset.UTC);
        List<Object> columns = new ArrayList<>(12);
        columns.add(first.entry().index());
        columns.add(recorded);
        columns.addAll(List.of(leaf, bytes, caseRef, eventType, authority, requestId, state,
                revision, stage, outcome));
        return Tuple.tuple(columns);
    }

    /**
     * A Buffer over {@code bytes}, not a copy ({@code Buffer.buffer(byte[])} copies: for the two
     * byte columns of every entry that was 7% of the service's samples in the stream benchmark).
     * The array MUST NOT change afterwards.
     */
    private static Buffer wrap(byte[] bytes) {
        return Buffer.buffer(Unpooled.wrappedBuffer(bytes));
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
}
