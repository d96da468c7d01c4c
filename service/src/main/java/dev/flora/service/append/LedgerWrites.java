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
import java.util.Collections;
import java.util.List;

/**
 * The writes of an append batch, as calls of {@code flora_write_batch} (migration V9): the
 * entries, the tile changes, the head advanced and a notification, in one statement
 * ({@link #store}, {@link #storeAt}) or two ({@link #insertEntries}, {@link #finish}), sent
 * without waiting for answers (pipelined). The client ends every statement with a Sync, which
 * PostgreSQL answers and flushes on its own, and with one append per transaction that cost more
 * than the writes (V9). Inside a transaction PostgreSQL runs the statements in order, and if one
 * fails, the COMMIT that follows rolls the transaction back.
 */
final class LedgerWrites {

    /**
     * Its arguments: the expected head (1-2), the entries (3-14: the first index and the
     * recorded time once, since entries of a batch are contiguous and share one recorded time;
     * then one array element per entry), the rest of the batch (15-22).
     */
    private static final String WRITE_BATCH = "select flora_write_batch($1::bigint, $2::bytea,"
            + " $3::bigint, $4::timestamptz, $5::bytea[], $6::bytea[], $7::text[], $8::text[],"
            + " $9::text[], $10::text[], $11::text[], $12::bigint[], $13::text[], $14::text[],"
            + " $15::bigint, $16::int[], $17::bigint[], $18::bytea[], $19::bigint, $20::bytea,"
            + " $21::bytea, $22::text)";
    private static final int HEAD_ARGS = 2;
    private static final int ENTRY_ARGS = 12;
    private static final int FINISH_ARGS = 8;
    /**
     * The SQLSTATE of a write that waited more than a second for a lock (V9): for another
     * transaction's uncommitted row with the same request id or case revision, a wait that ends
     * within milliseconds when that transaction commits, so a longer one is part of a cycle of
     * waits that PostgreSQL cannot see (a batch planned ahead waits in this process for the
     * batch before it to hold the head); or for a head another replica holds that long. The
     * batch gives way.
     */
    static final String LOCK_NOT_AVAILABLE = "55P03";
    /** Locks the head if it is at the expected size and last leaf (migration V6), else fails. */
    private static final String LOCK_HEAD_AT = "select flora_lock_head_at($1, $2)";
    /** The SQLSTATE of {@link #LOCK_HEAD_AT} and {@link #storeAt} when the head is elsewhere. */
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
     *
     * @param plannedOn null, or the plan of the batch this one was planned on, which committed
     *     before it
     */
    static Uni<Void> store(SqlConnection conn, BatchPlan plan, BatchPlan plannedOn,
            String replica) {
        Uni<Void> commit = conn.query("commit").execute().replaceWithVoid();
        if (!plan.writes()) {
            return commit;
        }
        return Uni.combine().all().unis(writeBatch(conn, null, plan, true, plannedOn, replica),
                commit).collectFailures().discardItems();
    }

    /**
     * Writes {@code plan}, planned on {@code expected} (the head {@code plannedOn}, this
     * process's last batch, left), in one statement outside any transaction block, which is
     * therefore a transaction of its own: it locks the head and fails with {@link #HEAD_MOVED},
     * writing nothing, if the head is not {@code expected}. The Uni completes after the COMMIT.
     */
    static Uni<Void> storeAt(SqlConnection conn, LedgerHead expected, BatchPlan plan,
            BatchPlan plannedOn, String replica) {
        if (!plan.writes()) {
            throw new IllegalArgumentException("a plan that writes nothing needs no head");
        }
        return writeBatch(conn, expected, plan, true, plannedOn, replica);
    }

    /**
     * Calls {@code flora_write_batch}: checks the head if {@code expected} is given, inserts the
     * entries of {@code plan} if {@code entries}, and finishes it if {@code replica} is given.
     */
    private static Uni<Void> writeBatch(SqlConnection conn, LedgerHead expected, BatchPlan plan,
            boolean entries, BatchPlan plannedOn, String replica) {
        List<Object> args = new ArrayList<>(HEAD_ARGS + ENTRY_ARGS + FINISH_ARGS);
        args.add(expected == null ? null : expected.size());
        args.add(expected == null ? null : Buffer.buffer(expected.lastLeafHash().toByteArray()));
        if (entries) {
            addEntryColumns(args, plan.rows());
        } else {
            args.addAll(Collections.nCopies(ENTRY_ARGS, null));
        }
        if (replica != null) {
            addFinishColumns(args, plan, plannedOn, replica);
        } else {
            args.addAll(Collections.nCopies(FINISH_ARGS, null));
        }
        return conn.preparedQuery(WRITE_BATCH).execute(Tuple.tuple(args)).replaceWithVoid();
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
        return writeBatch(conn, null, plan, true, null, null);
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
        return Uni.combine().all().unis(writeBatch(conn, null, plan, false, plannedOn, replica),
                commit).collectFailures().discardItems();
    }

    /**
     * The arguments that finish a batch (V9): the leaf tile to make from the entries
     * (or null), the tiles sent whole or appended to, the new head, the notification's payload.
     * Leaf tiles (level 0) are written once, when full; until then a proof reads the partial one
     * from ledger_entry (read.Proofs). A full tile of this batch's own entries is sent with the
     * upper tiles, and so is the tile its first entry completes when the batch it was planned on
     * holds the rest of that tile's entries; else that tile is made from the leaf hashes of its
     * entries (visible once the batch holds the head): 0.46 ms of PostgreSQL under the head lock
     * per streamed batch (pg_stat_statements). The notification wakes the subscription tail of
     * every replica; its payload is "{replica} {tree size}": a replica skips its own, since its
     * own entries reach its live log from the committed batch without a read back.
     */
    private static void addFinishColumns(List<Object> args, BatchPlan plan, BatchPlan plannedOn,
            String replica) {
        Long fill = null;
        List<TileAppend> tiles = new ArrayList<>();
        for (TileAppend tile : plan.tiles()) {
            if (tile.id().level() > 0 || tile.offset() == 0 && tile.endOffset() == TileId.WIDTH) {
                tiles.add(tile);
            } else if (tile.endOffset() == TileId.WIDTH) {
                TileAppend full = fullLeafTile(tile, plannedOn);
                if (full != null) {
                    tiles.add(full);
                } else if (fill == null) {
                    fill = tile.id().index();
                } else {
                    // Only a batch's first entries can complete a tile begun before it.
                    throw new IllegalStateException("two leaf tiles to fill in one batch: "
                            + fill + " and " + tile.id().index());
                }
            }
        }
        int n = tiles.size();
        Integer[] level = new Integer[n];
        Long[] index = new Long[n];
        Buffer[] hashes = new Buffer[n];
        for (int i = 0; i < n; i++) {
            level[i] = tiles.get(i).id().level();
            index[i] = tiles.get(i).id().index();
            hashes[i] = Buffer.buffer(tiles.get(i).hashes());
        }
        args.add(fill);
        args.addAll(List.of(level, index, hashes, plan.tree().size(),
                Buffer.buffer(plan.tree().toBytes()),
                Buffer.buffer(plan.lastLeafHash().toByteArray()),
                replica + " " + plan.tree().size()));
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

    /** The arguments of a batch's entries (V9), one array element per entry. */
    private static void addEntryColumns(List<Object> args, List<EntryRow> rows) {
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
        args.add(first.entry().index());
        args.add(recorded);
        args.addAll(List.of(leaf, bytes, caseRef, eventType, authority, requestId, state,
                revision, stage, outcome));
    }

    /**
     * A Buffer over {@code bytes}, not a copy ({@code Buffer.buffer(byte[])} copies: for the two
     * byte columns of every entry that was 7% of the service's samples in the stream benchmark).
     * The array MUST NOT change afterwards.
     */
    private static Buffer wrap(byte[] bytes) {
        return Buffer.buffer(Unpooled.wrappedBuffer(bytes));
    }
}
