package dev.flora.service.append;

import dev.flora.ledger.merkle.TileAppend;
import dev.flora.ledger.merkle.TileId;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes of the append transaction: every new entry and every tile change in one statement
 * each, the head advanced, a notification, and COMMIT, all sent at once (pipelined). PostgreSQL
 * runs them in order; if one fails, the transaction is aborted and the COMMIT that follows rolls
 * it back.
 */
final class LedgerWrites {

    /*
     * Entries of a batch are contiguous and share one recorded time, so the index is sent once
     * (the first) and numbered by ordinality, and the time once: fewer values to box and encode.
     */
    private static final String INSERT_ENTRIES = "insert into ledger_entry (entry_index,"
            + " leaf_hash, entry_bytes, case_ref, event_type, authority_id, request_id,"
            + " federal_state, recorded_time, case_revision, stage, decision_outcome)"
            + " select $1 + u.n - 1, u.leaf, u.bytes, u.case_ref, u.event_type, u.authority,"
            + " u.request_id, u.federal_state, $2, u.revision, u.stage, u.outcome"
            + " from unnest($3::bytea[], $4::bytea[], $5::text[], $6::text[], $7::text[],"
            + " $8::text[], $9::text[], $10::bigint[], $11::text[], $12::text[])"
            + " with ordinality as u(leaf, bytes, case_ref, event_type, authority, request_id,"
            + " federal_state, revision, stage, outcome, n)";
    /*
     * Leaf tiles (level 0) are written once, when full, from the leaf hashes of their entries
     * (this batch's rows are visible to its own transaction); until then a proof reads the
     * partial one from ledger_entry (read.Proofs). Rewriting a growing leaf tile on every batch
     * cost up to 8 KiB of TOAST and WAL per batch, i.e. per append at low rates.
     */
    private static final String FILL_LEAF_TILES = "insert into merkle_tile (tile_level,"
            + " tile_index, hashes) select 0, t, flora_leaf_tile(t)"
            + " from generate_series($1::bigint, $2::bigint - 1) as t";
    /** Tiles of level 1 and up grow by a hash per 256 leaves or more: appended in place. */
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
     * Locks the head only if it is {@code expected} (the head the batch still committing will
     * leave); sent in the same pipeline before {@link #store}, it waits for that batch's COMMIT.
     */
    static Uni<Void> lockHeadAt(SqlConnection conn, LedgerHead expected) {
        return conn.preparedQuery(LOCK_HEAD_AT).execute(Tuple.of(expected.size(),
                Buffer.buffer(expected.lastLeafHash().toByteArray()))).replaceWithVoid();
    }

    /**
     * Sends the writes of {@code plan} and COMMIT. The Uni completes once every answer arrived,
     * and fails if any statement failed (the transaction then ended in a rollback).
     */
    static Uni<Void> store(SqlConnection conn, BatchPlan plan, String replica) {
        Uni<Void> commit = conn.query("commit").execute().replaceWithVoid();
        if (!plan.writes()) {
            return commit;
        }
        List<Uni<?>> writes = new ArrayList<>(6);
        writes.add(conn.preparedQuery(INSERT_ENTRIES).execute(entryColumns(plan.rows())));
        // The leaf tiles this batch completes: from the one its first entry is in, to the last full.
        long firstTile = plan.rows().get(0).entry().index() / TileId.WIDTH;
        long fullTiles = plan.tree().size() / TileId.WIDTH;
        if (fullTiles > firstTile) {
            writes.add(conn.preparedQuery(FILL_LEAF_TILES).execute(Tuple.of(firstTile,
                    fullTiles)));
        }
        List<TileAppend> upper = plan.tiles().stream().filter(t -> t.id().level() > 0).toList();
        if (!upper.isEmpty()) {
            writes.add(conn.preparedQuery(APPEND_TILES).execute(tileColumns(upper)));
        }
        writes.addAll(List.of(
                conn.preparedQuery(UPDATE_HEAD).execute(Tuple.of(plan.tree().size(),
                        Buffer.buffer(plan.tree().toBytes()),
                        Buffer.buffer(plan.lastLeafHash().toByteArray()))),
                conn.preparedQuery(NOTIFY).execute(Tuple.of(replica + " " + plan.tree().size())),
                commit));
        return Uni.combine().all().unis(writes).collectFailures().discardItems();
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
            leaf[i] = Buffer.buffer(row.leafHash().toByteArray());
            bytes[i] = Buffer.buffer(row.bytes());
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
