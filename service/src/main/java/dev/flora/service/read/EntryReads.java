package dev.flora.service.read;

import dev.flora.ledger.hash.Digest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** Reads committed entries with the reactive PostgreSQL client (the read hot path). */
@ApplicationScoped
public class EntryReads {

    private static final String RANGE = "select entry_index, entry_bytes, leaf_hash"
            + " from ledger_entry where entry_index >= $1 order by entry_index limit $2";
    private static final String OF_CASE = "select entry_index, entry_bytes, leaf_hash"
            + " from ledger_entry where case_ref = $1 order by case_revision";
    private static final String TREE_SIZE = "select tree_size from ledger_head where id = 1";

    private final Pool pool;

    @Inject
    public EntryReads(Pool pool) {
        this.pool = pool;
    }

    /** Number of committed entries. */
    public Uni<Long> treeSize() {
        return pool.query(TREE_SIZE).execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /** Up to {@code limit} committed entries from {@code start} on, in index order. */
    public Uni<List<StoredEntryBytes>> range(long start, int limit) {
        return pool.preparedQuery(RANGE).execute(Tuple.of(start, limit)).map(EntryReads::toList);
    }

    /** Every entry of one case, in index order. */
    public Uni<List<StoredEntryBytes>> ofCase(String caseRef) {
        return pool.preparedQuery(OF_CASE).execute(Tuple.of(caseRef)).map(EntryReads::toList);
    }

    private static List<StoredEntryBytes> toList(RowSet<Row> rows) {
        List<StoredEntryBytes> entries = new ArrayList<>(rows.size());
        for (Row row : rows) {
            entries.add(new StoredEntryBytes(row.getLong(0), row.getBuffer(1).getBytes(),
                    Digest.of(row.getBuffer(2).getBytes())));
        }
        return entries;
    }
}
