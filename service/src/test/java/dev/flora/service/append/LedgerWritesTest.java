package dev.flora.service.append;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.flora.ledger.entry.Attributes;
import dev.flora.ledger.entry.Entry;
import dev.flora.ledger.entry.StatusChange;
import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.merkle.CompactRange;
import dev.flora.ledger.merkle.TileAppend;
import dev.flora.ledger.merkle.TileId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The leaf tile a batch completes, sent whole when the batch it was planned on began it. */
class LedgerWritesTest {

    /** A stand-in leaf hash that names its index. */
    private static Digest leaf(long index) {
        byte[] hash = new byte[Digest.LENGTH];
        hash[0] = (byte) (index >> 8);
        hash[1] = (byte) index;
        hash[31] = 1;
        return Digest.of(hash);
    }

    /** A plan of the entries {@code first} .. {@code first + count - 1}. */
    private static BatchPlan plan(long first, int count) {
        List<EntryRow> rows = new ArrayList<>();
        for (long index = first; index < first + count; index++) {
            StatusChange change = new StatusChange("c-" + index, "registered", "eae-chemnitz",
                    Instant.EPOCH, Attributes.builder().build(), Optional.empty(), "r-" + index);
            rows.add(new EntryRow(new Entry(index, Digest.zero(), Instant.EPOCH, change),
                    new byte[0], leaf(index), null));
        }
        return new BatchPlan(rows, List.of(), CompactRange.empty(), Digest.zero(), List.of(),
                Set.of());
    }

    /** The hashes of leaf tile {@code tile} from {@code offset} to its end. */
    private static TileAppend completing(long tile, int offset) {
        byte[] hashes = new byte[(TileId.WIDTH - offset) * Digest.LENGTH];
        for (int i = offset; i < TileId.WIDTH; i++) {
            leaf(tile * TileId.WIDTH + i).copyTo(hashes, (i - offset) * Digest.LENGTH);
        }
        return new TileAppend(new TileId(0, tile), offset, hashes);
    }

    @Test
    void aTileTheBatchBeforeBegan_isSentWholeWithItsHashesFirst() {
        // entries 200..299 before, this batch from 300: leaf tile 1 (256..511) is 44 + 212
        TileAppend full = LedgerWrites.fullLeafTile(completing(1, 44), plan(200, 100));
        assertEquals(0, full.offset());
        assertEquals(TileId.WIDTH, full.count());
        byte[] want = new byte[TileId.WIDTH * Digest.LENGTH];
        for (int i = 0; i < TileId.WIDTH; i++) {
            leaf(TileId.WIDTH + i).copyTo(want, i * Digest.LENGTH);
        }
        assertArrayEquals(want, full.hashes());
    }

    @Test
    void withoutEveryEarlierEntryOfTheTile_thereIsNoWholeTile() {
        assertNull(LedgerWrites.fullLeafTile(completing(1, 44), null), "not planned ahead");
        assertNull(LedgerWrites.fullLeafTile(completing(1, 44), plan(280, 20)),
                "the batch before began after the tile did");
        assertNull(LedgerWrites.fullLeafTile(completing(1, 44), plan(200, 90)),
                "the batch before ends before this one begins");
        assertNull(LedgerWrites.fullLeafTile(completing(1, 44), plan(200, 0)), "no entries");
    }
}
