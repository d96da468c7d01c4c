package dev.flora.service.read;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.merkle.ProofBuilder;
import dev.flora.ledger.merkle.TileId;
import dev.flora.ledger.merkle.TileReader;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inclusion and consistency proofs from the stored Merkle tiles. ledger-core's ProofBuilder
 * asks for every tile a proof needs in one call, which becomes one SQL query; the builder runs
 * on a worker thread because its tile reader waits for that query.
 *
 * <p>Callers MUST check that the sizes are at most the committed tree size: the tiles of a larger
 * tree do not exist yet, and the builder fails on a missing tile.
 */
@ApplicationScoped
public class Proofs {

    /*
     * Stored tiles, and the partial leaf tile (level 0 is stored only when full, see
     * append.LedgerWrites) from the leaf hashes of its entries; one statement, one snapshot.
     */
    private static final String READ_TILES = "select t.tile_level, t.tile_index, t.hashes"
            + " from merkle_tile t join unnest($1::int[], $2::bigint[]) as k(l, i)"
            + " on t.tile_level = k.l and t.tile_index = k.i"
            + " union all select 0, k.i, flora_leaf_tile(k.i)"
            + " from unnest($1::int[], $2::bigint[]) as k(l, i) where k.l = 0 and not exists"
            + " (select 1 from merkle_tile t where t.tile_level = 0 and t.tile_index = k.i)";
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final Pool pool;

    @Inject
    public Proofs(Pool pool) {
        this.pool = pool;
    }

    /** RFC 9162 PATH(index, D[size]). */
    public Uni<List<Digest>> inclusion(long index, long size) {
        return onWorker(builder -> builder.inclusionProof(index, size));
    }

    /** RFC 9162 PROOF(size1, D[size2]). */
    public Uni<List<Digest>> consistency(long size1, long size2) {
        return onWorker(builder -> builder.consistencyProof(size1, size2));
    }

    /** MTH(D[size]). */
    public Uni<Digest> root(long size) {
        return onWorker(builder -> builder.root(size));
    }

    private <T> Uni<T> onWorker(java.util.function.Function<ProofBuilder, T> build) {
        return Uni.createFrom().item(() -> build.apply(new ProofBuilder(this::readTiles)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Map<TileId, byte[]> readTiles(Collection<TileId> ids) {
        Integer[] levels = new Integer[ids.size()];
        Long[] indexes = new Long[ids.size()];
        int i = 0;
        for (TileId id : ids) {
            levels[i] = id.level();
            indexes[i++] = id.index();
        }
        Map<TileId, byte[]> tiles = new HashMap<>();
        for (Row row : pool.preparedQuery(READ_TILES).execute(Tuple.of(levels, indexes))
                .await().atMost(QUERY_TIMEOUT)) {
            if (row.getValue(2) != null) { // a leaf tile with no entries yet
                tiles.put(new TileId(row.getInteger(0), row.getLong(1)),
                        row.getBuffer(2).getBytes());
            }
        }
        return tiles;
    }
}
