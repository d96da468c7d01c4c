package dev.flora.ledger.merkle;

import dev.flora.ledger.hash.Digest;
import java.util.Arrays;

/**
 * Hashes to append to one tile: {@code hashes} (a multiple of 32 bytes) go after the first
 * {@code offset} hashes already in the tile. Storage applies it as
 * {@code tile = tile || hashes} and MUST first check that the tile holds exactly
 * {@code offset} hashes, so a lost or repeated append is detected instead of corrupting the tile.
 */
public record TileAppend(TileId id, int offset, byte[] hashes) {

    public TileAppend {
        if (id == null || hashes == null) {
            throw new IllegalArgumentException("id and hashes must not be null");
        }
        if (hashes.length == 0 || hashes.length % Digest.LENGTH != 0) {
            throw new IllegalArgumentException("tile append of " + hashes.length
                    + " bytes, want a positive multiple of " + Digest.LENGTH);
        }
        int count = hashes.length / Digest.LENGTH;
        if (offset < 0 || offset + count > TileId.WIDTH) {
            throw new IllegalArgumentException("tile append at offset " + offset + " of " + count
                    + " hashes does not fit a tile of " + TileId.WIDTH);
        }
        hashes = hashes.clone();
    }

    /** A copy of the appended hashes. */
    @Override
    public byte[] hashes() {
        return hashes.clone();
    }

    /** Number of hashes appended. */
    public int count() {
        return hashes.length / Digest.LENGTH;
    }

    /** Number of hashes in the tile once the append is applied. */
    public int endOffset() {
        return offset + count();
    }

    /** Copies the appended hashes into {@code target} at byte {@code targetOffset}. */
    public void copyHashesTo(byte[] target, int targetOffset) {
        System.arraycopy(hashes, 0, target, targetOffset, hashes.length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TileAppend a && id.equals(a.id) && offset == a.offset
                && Arrays.equals(hashes, a.hashes);
    }

    @Override
    public int hashCode() {
        return (id.hashCode() * 31 + offset) * 31 + Arrays.hashCode(hashes);
    }

    @Override
    public String toString() {
        return "TileAppend[" + id + ", offset=" + offset + ", count=" + count() + "]";
    }
}
