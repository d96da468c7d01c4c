package dev.flora.service.subscribe;

import dev.flora.ledger.hash.Digest;
import dev.flora.service.api.EntryMessages;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** Reads committed entries in index order from PostgreSQL, for catch-up and the ledger tail. */
@ApplicationScoped
public class FeedReads {

    private static final String PAGE = "select entry_index, federal_state, entry_bytes, leaf_hash"
            + " from ledger_entry where entry_index >= $1"
            + " order by entry_index limit $2";
    private static final String SIZE = "select tree_size from ledger_head where id = 1";

    private final Pool pool;

    @Inject
    public FeedReads(Pool pool) {
        this.pool = pool;
    }

    /** Up to {@code limit} committed entries from index {@code from} on. */
    public Uni<List<LiveEntry>> page(long from, int limit) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(from, limit)).map(rows -> {
            List<LiveEntry> entries = new ArrayList<>(rows.size());
            for (Row row : rows) {
                long index = row.getLong(0);
                entries.add(LiveEntry.of(row.getString(1), EntryMessages.decode(index,
                        row.getBuffer(2).getBytes(), Digest.of(row.getBuffer(3).getBytes()))));
            }
            return entries;
        });
    }

    /** Number of committed entries. */
    public Uni<Long> size() {
        return pool.query(SIZE).execute().map(rows -> rows.iterator().next().getLong(0));
    }
}
