package dev.flora.ledger.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * Which subtrees make up a root or a proof, as leaf ranges, before any hash is read.
 *
 * <p>Every element of an RFC 9162 proof is the Merkle tree hash of a leaf range
 * {@code [begin, end)} where {@code begin} is a multiple of a power of two {@code w} and
 * {@code end - begin <= w}. Such a range is a perfect node when {@code end - begin == w}, and an
 * "ephemeral" node at the right edge of the tree otherwise (hashed from its perfect parts).
 */
final class ProofPlan {

    /** Leaves {@code [begin, end)}, whose MTH is one proof element. */
    record LeafRange(long begin, long end) { }

    /** The perfect node at {@code level} with {@code index}. */
    record Node(int level, long index) { }

    private ProofPlan() {
    }

    /** The single range whose MTH is the root of the tree of {@code size} leaves. */
    static LeafRange root(long size) {
        return new LeafRange(0, size);
    }

    /** The RFC 9162 inclusion proof of leaf {@code index} in the tree of {@code size}. */
    static List<LeafRange> inclusion(long index, long size) {
        List<LeafRange> ranges = new ArrayList<>();
        addInclusion(0, index, size, ranges);
        return ranges;
    }

    /** The RFC 9162 consistency proof between the trees of {@code size1} and {@code size2}. */
    static List<LeafRange> consistency(long size1, long size2) {
        List<LeafRange> ranges = new ArrayList<>();
        if (size1 == 0 || size1 == size2) {
            return ranges;
        }
        // The largest perfect node that ends exactly at size1; its inclusion path in size2
        // proves both trees. The verifier knows it already when it is the whole old tree.
        int level = Long.numberOfTrailingZeros(size1);
        long index = (size1 - 1) >>> level;
        if (index != 0) {
            ranges.add(new LeafRange(index << level, size1));
        }
        addInclusion(level, index, size2, ranges);
        return ranges;
    }

    /**
     * Adds the siblings on the path from the perfect node ({@code level}, {@code index}) to the
     * root of the tree of {@code size}, lowest first.
     */
    private static void addInclusion(int level, long index, long size, List<LeafRange> out) {
        long last = (size - 1) >>> level;
        // Below "inner" the path and the last node of the tree have different ancestors, so every
        // level has a sibling; only the highest of them can reach past size (ephemeral).
        int inner = Long.SIZE - Long.numberOfLeadingZeros(index ^ last);
        for (int l = 0; l < inner; l++) {
            int width = level + l;
            long begin = ((index >>> l) ^ 1) << width;
            long end = size - begin <= (1L << width) ? size : begin + (1L << width);
            out.add(new LeafRange(begin, end));
        }
        // Above it the path runs along the right border: only left siblings exist.
        for (int l = inner; (index >>> l) != 0; l++) {
            if (((index >>> l) & 1) == 1) {
                long begin = ((index >>> l) ^ 1) << (level + l);
                out.add(new LeafRange(begin, begin + (1L << (level + l))));
            }
        }
    }

    /** The perfect nodes whose right fold is the MTH of {@code range}, left to right. */
    static List<Node> perfectNodes(LeafRange range) {
        List<Node> nodes = new ArrayList<>(Long.bitCount(range.end() - range.begin()));
        long position = range.begin();
        long remaining = range.end() - range.begin();
        while (remaining != 0) {
            int level = Long.SIZE - 1 - Long.numberOfLeadingZeros(remaining);
            nodes.add(new Node(level, position >>> level));
            position += 1L << level;
            remaining -= 1L << level;
        }
        return nodes;
    }

    /** The tile holding the level-{@code 8k} descendants of {@code node} (all in one tile). */
    static TileId tileOf(Node node) {
        int sub = node.level() % TileId.HEIGHT;
        return TileId.ofStoredNode(node.level() / TileId.HEIGHT, node.index() << sub);
    }
}
