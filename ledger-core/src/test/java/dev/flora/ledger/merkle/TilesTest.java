package dev.flora.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flora.ledger.hash.Digest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TilesTest {

    @Test
    void tileId_rejectsNegativeIndex_andLevelsBeyondTheTree() {
        assertEquals("tile index -1 is negative",
                assertThrows(IllegalArgumentException.class, () -> new TileId(0, -1)).getMessage());
        assertEquals("tile level 8 out of range [0, 7]",
                assertThrows(IllegalArgumentException.class, () -> new TileId(8, 0)).getMessage());
    }

    @Test
    void tileAppend_rejectsPartialHashes_andOverflowingTheTile() {
        TileId id = new TileId(0, 0);
        assertEquals("tile append of 33 bytes, want a positive multiple of 32",
                assertThrows(IllegalArgumentException.class,
                        () -> new TileAppend(id, 0, new byte[33])).getMessage());
        assertEquals("tile append at offset 255 of 2 hashes does not fit a tile of 256",
                assertThrows(IllegalArgumentException.class,
                        () -> new TileAppend(id, 255, new byte[64])).getMessage());
    }

    @Test
    void tileAppend_copiesItsBytes_andComparesByContent() {
        byte[] hashes = new byte[32];
        TileAppend append = new TileAppend(new TileId(1, 2), 3, hashes);
        hashes[0] = 1;
        append.hashes()[1] = 1;
        assertEquals(new TileAppend(new TileId(1, 2), 3, new byte[32]), append);
        assertEquals(4, append.endOffset());
    }

    @Test
    void inMemoryTiles_rejectsAnAppendThatDoesNotStartAtTheTileEnd() {
        InMemoryTiles tiles = new InMemoryTiles();
        TileId id = new TileId(0, 3);
        tiles.apply(new TileAppend(id, 0, new byte[64]));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> tiles.apply(new TileAppend(id, 1, new byte[32])));
        assertEquals("tile(0, 3) holds 2 hashes, but the append starts at offset 1",
                e.getMessage());
        assertEquals(2, tiles.hashCount(id));
    }

    @Test
    void tileWriter_rejectsNodesOutOfOrder() {
        TileWriter writer = new TileWriter();
        Digest hash = Digest.zero();
        writer.visit(0, 5, hash);
        writer.visit(3, 0, hash);
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> writer.visit(0, 7, hash));
        assertEquals("node 7 at level 0 goes to tile(0, 0) position 7, but the batch's run "
                + "there ends at 6: nodes must arrive in order", e.getMessage());
    }

    @Test
    void inMemoryTiles_leavesOutMissingTiles_andReturnsCopies() {
        InMemoryTiles tiles = new InMemoryTiles();
        tiles.apply(new TileAppend(new TileId(0, 0), 0, new byte[32]));
        Map<TileId, byte[]> read = tiles.readTiles(List.of(new TileId(0, 0), new TileId(0, 1)));
        assertEquals(1, read.size());
        read.get(new TileId(0, 0))[0] = 9;
        assertEquals(0, tiles.readTiles(List.of(new TileId(0, 0))).get(new TileId(0, 0))[0]);
    }
}
