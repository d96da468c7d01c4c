package dev.flora.ledger.merkle;

/**
 * One tile of the C2SP tlog-tiles layout: tile {@code (level, index)} holds the hashes of the
 * perfect tree nodes at tree level {@code 8 * level} with node indexes
 * {@code index * 256 .. index * 256 + 255}, in index order, 32 bytes each. A partial tile holds
 * a prefix of them. Tile level 0 therefore holds leaf hashes.
 */
public record TileId(int level, long index) implements Comparable<TileId> {

    /** Tree levels covered by one tile level. */
    public static final int HEIGHT = 8;
    /** Number of hashes in a full tile: {@code 2^HEIGHT}. */
    public static final int WIDTH = 1 << HEIGHT;
    /** Tree levels stop at 63 (a tree holds at most {@code Long.MAX_VALUE} leaves). */
    static final int MAX_LEVEL = (Long.SIZE - 1) / HEIGHT;

    public TileId {
        if (level < 0 || level > MAX_LEVEL) {
            throw new IllegalArgumentException(
                    "tile level " + level + " out of range [0, " + MAX_LEVEL + "]");
        }
        if (index < 0) {
            throw new IllegalArgumentException("tile index " + index + " is negative");
        }
    }

    /** The tile that stores the perfect node at tree level {@code 8 * level()}, {@code nodeIndex}. */
    static TileId ofStoredNode(int tileLevel, long nodeIndex) {
        return new TileId(tileLevel, nodeIndex >>> HEIGHT);
    }

    /** Position of a stored node's hash within its tile, in hashes (not bytes). */
    static int positionOf(long nodeIndex) {
        return (int) (nodeIndex & (WIDTH - 1));
    }

    @Override
    public int compareTo(TileId other) {
        int byLevel = Integer.compare(level, other.level);
        return byLevel != 0 ? byLevel : Long.compare(index, other.index);
    }

    @Override
    public String toString() {
        return "tile(" + level + ", " + index + ")";
    }
}
