package dev.flora.ledger.merkle;

import dev.flora.ledger.hash.Digest;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tiles held in memory, for tests, the offline verifier and benchmarks. Applies
 * {@link TileAppend}s with the same check storage MUST make: the append's offset equals the
 * number of hashes already in the tile. Not thread-safe.
 */
public final class InMemoryTiles implements TileReader {

    private final Map<TileId, Tile> tiles = new HashMap<>();

    /** Applies each append in order. */
    public void apply(List<TileAppend> appends) {
        for (TileAppend append : appends) {
            apply(append);
        }
    }

    /**
     * Appends the hashes to their tile.
     *
     * @throws IllegalStateException if the tile does not hold exactly {@code append.offset()}
     *     hashes
     */
    public void apply(TileAppend append) {
        Tile tile = tiles.computeIfAbsent(append.id(), id -> new Tile());
        if (tile.count != append.offset()) {
            throw new IllegalStateException(append.id() + " holds " + tile.count
                    + " hashes, but the append starts at offset " + append.offset());
        }
        append.copyHashesTo(tile.bytes, tile.count * Digest.LENGTH);
        tile.count += append.count();
    }

    /** Number of hashes in the tile, 0 if it does not exist. */
    public int hashCount(TileId id) {
        Tile tile = tiles.get(id);
        return tile == null ? 0 : tile.count;
    }

    @Override
    public Map<TileId, byte[]> readTiles(Collection<TileId> ids) {
        Map<TileId, byte[]> result = new HashMap<>();
        for (TileId id : ids) {
            Tile tile = tiles.get(id);
            if (tile != null) {
                result.put(id, Arrays.copyOf(tile.bytes, tile.count * Digest.LENGTH));
            }
        }
        return result;
    }

    private static final class Tile {
        final byte[] bytes = new byte[TileId.WIDTH * Digest.LENGTH];
        int count;
    }
}
