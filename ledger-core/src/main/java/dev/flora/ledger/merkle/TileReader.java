package dev.flora.ledger.merkle;

import java.util.Collection;
import java.util.Map;

/**
 * Where the proof builder reads stored tiles from: a table in the service, memory in tests and in
 * the offline verifier.
 */
public interface TileReader {

    /**
     * Reads the given tiles in one go. Each value is the tile's hashes concatenated, 32 bytes each,
     * in index order (see {@link TileId}); it MAY be longer than the caller needs (the tile grew
     * since), and a tile that does not exist MAY be left out of the map. The returned arrays are
     * the caller's: implementations MUST NOT keep or change them afterwards.
     */
    Map<TileId, byte[]> readTiles(Collection<TileId> ids);
}
