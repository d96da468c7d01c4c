package dev.flora.service.append;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.merkle.CompactRange;
import dev.flora.service.append.AppendCommand.RequestKey;
import dev.flora.service.rules.CaseState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The reads of the append transaction: the head (locked), stored entries by request key, the
 * latest state of cases, and the cases of referenced entries. Each returns at once, without a
 * round trip, when it has no keys to look up. The statements are sent without waiting for each
 * other: the connection pipelines them and PostgreSQL runs them in order, so reads sent after
 * {@link #lockHead} run once the lock is held.
 */
final class LedgerLookups {

    private static final String LOCK_HEAD = "select tree_size, compact_range, last_leaf_hash"
            + " from ledger_head where id = 1 for update";
    /*
     * The lookups below probe ledger_entry once per key through a LATERAL subquery (OFFSET 0
     * keeps PostgreSQL from flattening it into a join), so each probe is an index scan whatever
     * the statistics say. Written as "= any($1)" or a join on unnest, a young ledger without
     * statistics got estimated to match most of the table and was read in full on every batch.
     */
    private static final String SELECT_EXISTING = "select e.authority_id, e.request_id,"
            + " e.entry_index, e.leaf_hash, e.entry_bytes, e.recorded_time, e.case_revision"
            + " from unnest($1::text[], $2::text[]) as k(a, r) cross join lateral"
            + " (select * from ledger_entry x where x.authority_id = k.a and x.request_id = k.r"
            + " offset 0) as e";
    /** The state of each case: its latest entry (highest revision). */
    private static final String SELECT_CASES = "select e.case_ref, e.federal_state, e.stage,"
            + " e.decision_outcome, e.case_revision, e.entry_index"
            + " from unnest($1::text[]) as k(ref) cross join lateral"
            + " (select * from ledger_entry x where x.case_ref = k.ref"
            + " order by x.case_revision desc limit 1) as e";
    private static final String SELECT_REFERENCED = "select entry_index, case_ref"
            + " from ledger_entry where entry_index = any($1)";

    private LedgerLookups() {
    }

    /** Locks the head row until the transaction ends and reads it. */
    static Uni<LedgerHead> lockHead(SqlConnection conn) {
        return conn.preparedQuery(LOCK_HEAD).execute().map(LedgerLookups::toHead);
    }

    private static LedgerHead toHead(RowSet<Row> rows) {
        Row row = rows.iterator().next();
        CompactRange tree = CompactRange.fromBytes(row.getBuffer("compact_range").getBytes());
        if (tree.size() != row.getLong("tree_size")) {
            throw new IllegalStateException("ledger_head tree_size " + row.getLong("tree_size")
                    + " disagrees with its compact range of size " + tree.size());
        }
        return new LedgerHead(tree, Digest.of(row.getBuffer("last_leaf_hash").getBytes()));
    }

    /** The stored entries of those {@code keys} that were used before. */
    static Uni<Map<RequestKey, StoredEntry>> existing(SqlConnection conn,
            Collection<RequestKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] authorities = new String[keys.size()];
        String[] requestIds = new String[keys.size()];
        int i = 0;
        for (RequestKey key : keys) {
            authorities[i] = key.authorityId();
            requestIds[i++] = key.requestId();
        }
        return conn.preparedQuery(SELECT_EXISTING).execute(Tuple.of(authorities, requestIds))
                .map(rows -> {
                    Map<RequestKey, StoredEntry> existing = new HashMap<>();
                    for (Row row : rows) {
                        existing.put(new RequestKey(row.getString(0), row.getString(1)),
                                new StoredEntry(row.getLong(2),
                                        Digest.of(row.getBuffer(3).getBytes()),
                                        row.getBuffer(4).getBytes(),
                                        row.getOffsetDateTime(5).toInstant(), row.getLong(6)));
                    }
                    return existing;
                });
    }

    /** The latest state of those {@code caseRefs} that have entries. */
    static Uni<Map<String, CaseState>> cases(SqlConnection conn, Collection<String> caseRefs) {
        if (caseRefs.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] refs = caseRefs.toArray(String[]::new);
        return conn.preparedQuery(SELECT_CASES).execute(Tuple.of((Object) refs)).map(rows -> {
            Map<String, CaseState> cases = new HashMap<>();
            for (Row row : rows) {
                cases.put(row.getString(0), new CaseState(row.getString(0), row.getString(1),
                        row.getString(2), row.getString(3), row.getLong(4), row.getLong(5)));
            }
            return cases;
        });
    }

    /** The case of each of {@code indexes} that is a committed entry. */
    static Uni<Map<Long, String>> referencedCases(SqlConnection conn, Collection<Long> indexes) {
        if (indexes.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return conn.preparedQuery(SELECT_REFERENCED)
                .execute(Tuple.of((Object) indexes.toArray(Long[]::new))).map(rows -> {
                    Map<Long, String> cases = new HashMap<>();
                    rows.forEach(row -> cases.put(row.getLong(0), row.getString(1)));
                    return cases;
                });
    }
}
