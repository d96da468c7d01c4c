package dev.flora.ledger.merkle;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import dev.flora.ledger.testing.Gen;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/** Builds the same tree twice: as a {@link ReferenceTree} and as tiles in memory. */
public final class TestTrees {

    private TestTrees() {
    }

    /** A tree of {@code size} leaves made by {@link #leaves(int, long)} from {@code seed}. */
    public record TreeCase(int size, long seed) {
        public List<Digest> leaves() {
            return TestTrees.leaves(size, seed);
        }
    }

    /**
     * A tree of min..max leaves; small sizes, the bounds, and powers of two and their neighbours
     * are frequent.
     */
    public static TreeCase arbitraryTree(SplittableRandom r, int min, int max) {
        return new TreeCase(Gen.treeSize(r, min, max), Gen.anyLong(r));
    }

    /** {@code n} distinct pseudo-random leaf hashes determined by {@code seed}. */
    public static List<Digest> leaves(int n, long seed) {
        Hasher hasher = Hasher.create();
        List<Digest> leaves = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            leaves.add(hasher.leafHash(ByteBuffer.allocate(16).putLong(seed).putLong(i).array()));
        }
        return leaves;
    }

    /**
     * Appends {@code leaves} to a fresh compact range in batches of random sizes (from
     * {@code random}), applying each batch's tile appends to {@code tiles}.
     */
    public static CompactRange appendInBatches(List<Digest> leaves, InMemoryTiles tiles,
            Random random) {
        CompactRange range = CompactRange.empty();
        TileWriter writer = new TileWriter();
        int i = 0;
        while (i < leaves.size()) {
            int batch = 1 + random.nextInt(random.nextBoolean() ? 4 : 600);
            for (int end = Math.min(leaves.size(), i + batch); i < end; i++) {
                range.append(leaves.get(i), writer);
            }
            tiles.apply(writer.drain());
        }
        return range;
    }
}
