package dev.flora.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import dev.flora.ledger.merkle.TestTrees.TreeCase;
import dev.flora.ledger.testing.ForAll;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The compact range, the tiles and the proof builder agree with the reference tree. */
class TreeProperties {

    @Test
    void compactRangeRoot_equalsReferenceRoot_atEverySize() {
        ForAll.check("compactRangeRoot_equalsReferenceRoot_atEverySize", 60,
                r -> TestTrees.arbitraryTree(r, 0, 300),
                TreeProperties::assertCompactRangeRoots);
    }

    private static void assertCompactRangeRoots(TreeCase tree) {
        int n = tree.size();
        long seed = tree.seed();
        List<Digest> leaves = TestTrees.leaves(n, seed);
        ReferenceTree reference = new ReferenceTree(leaves);
        CompactRange range = CompactRange.empty();
        assertEquals(Hasher.emptyRoot(), range.root());
        for (int i = 0; i < n; i++) {
            range.append(leaves.get(i), NodeVisitor.NONE);
            assertEquals(i + 1, range.size());
            assertEquals(reference.root(i + 1), range.root(), "size " + (i + 1));
        }
    }

    @Test
    void append_visitsEveryPerfectNodeOnce_inOrder_withItsSubtreeHash() {
        ForAll.check("append_visitsEveryPerfectNodeOnce_inOrder_withItsSubtreeHash", 40,
                r -> TestTrees.arbitraryTree(r, 0, 700),
                TreeProperties::assertVisits);
    }

    private static void assertVisits(TreeCase tree) {
        int n = tree.size();
        long seed = tree.seed();
        List<Digest> leaves = TestTrees.leaves(n, seed);
        ReferenceTree reference = new ReferenceTree(leaves);
        long[] nextIndex = new long[Long.SIZE];
        CompactRange range = CompactRange.empty();
        for (Digest leaf : leaves) {
            range.append(leaf, (level, index, hash) -> {
                assertEquals(nextIndex[level]++, index, "level " + level);
                long width = 1L << level;
                assertEquals(reference.subtreeHash(index * width, (index + 1) * width), hash);
            });
        }
        for (int level = 0; level < Long.SIZE; level++) {
            assertEquals(n >>> Math.min(level, 31), nextIndex[level], "nodes at level " + level);
        }
    }

    @Test
    void tiles_holdTheStoredLevelNodes_ofTheReferenceTree() {
        ForAll.check("tiles_holdTheStoredLevelNodes_ofTheReferenceTree", 40,
                r -> TestTrees.arbitraryTree(r, 1, 4000),
                TreeProperties::assertTiles);
    }

    private static void assertTiles(TreeCase tree) {
        int n = tree.size();
        long seed = tree.seed();
        List<Digest> leaves = TestTrees.leaves(n, seed);
        ReferenceTree reference = new ReferenceTree(leaves);
        InMemoryTiles tiles = new InMemoryTiles();
        TestTrees.appendInBatches(leaves, tiles, new Random(seed));
        for (int tileLevel = 0; tileLevel <= 1; tileLevel++) {
            long width = 1L << (TileId.HEIGHT * tileLevel);
            long nodes = n / width;
            for (long tile = 0; tile * TileId.WIDTH < nodes + 1; tile++) {
                TileId id = new TileId(tileLevel, tile);
                int count = (int) Math.min(TileId.WIDTH, nodes - tile * TileId.WIDTH);
                assertEquals(count, tiles.hashCount(id), id.toString());
                byte[] expected = new byte[count * Digest.LENGTH];
                for (int k = 0; k < count; k++) {
                    long node = tile * TileId.WIDTH + k;
                    reference.subtreeHash(node * width, (node + 1) * width)
                            .copyTo(expected, k * Digest.LENGTH);
                }
                byte[] actual = tiles.readTiles(List.of(id)).getOrDefault(id, new byte[0]);
                assertArrayEquals(expected, actual, id.toString());
            }
        }
    }

    @Test
    void proofBuilder_givesTheReferenceRootsAndProofs() {
        ForAll.check("proofBuilder_givesTheReferenceRootsAndProofs", 60,
                r -> TestTrees.arbitraryTree(r, 1, 4000),
                TreeProperties::assertProofBuilder);
    }

    private static void assertProofBuilder(TreeCase tree) {
        int n = tree.size();
        long seed = tree.seed();
        List<Digest> leaves = TestTrees.leaves(n, seed);
        ReferenceTree reference = new ReferenceTree(leaves);
        InMemoryTiles tiles = new InMemoryTiles();
        CompactRange range = TestTrees.appendInBatches(leaves, tiles, new Random(seed));
        assertEquals(reference.root(n), range.root());
        ProofBuilder builder = new ProofBuilder(tiles);
        Random random = new Random(~seed);
        for (int k = 0; k < 6; k++) {
            long size = 1 + random.nextInt(n);
            long index = random.nextInt((int) size);
            assertEquals(reference.root(size), builder.root(size), "root " + size);
            assertEquals(reference.inclusionProof(index, size),
                    builder.inclusionProof(index, size), "inclusion " + index + " in " + size);
            long size1 = random.nextInt((int) size + 1);
            assertEquals(reference.consistencyProof(size1, size),
                    builder.consistencyProof(size1, size), "consistency " + size1 + " " + size);
        }
    }

    @Test
    void proofBuilder_acrossThreeTileLevels_matchesTheCompactRange_withOneReadPerProof() {
        int n = (1 << 16) + 300;
        List<Digest> leaves = TestTrees.leaves(n, 42);
        InMemoryTiles tiles = new InMemoryTiles();
        List<Integer> readsPerCall = new ArrayList<>();
        ProofBuilder builder = new ProofBuilder(ids -> {
            readsPerCall.add(ids.size());
            return tiles.readTiles(ids);
        });
        CompactRange range = CompactRange.empty();
        TileWriter writer = new TileWriter();
        List<Digest> roots = new ArrayList<>();
        for (Digest leaf : leaves) {
            range.append(leaf, writer);
            roots.add(range.root());
            if (range.size() % 1000 == 0) {
                tiles.apply(writer.drain());
            }
        }
        tiles.apply(writer.drain());
        assertEquals(1, tiles.hashCount(new TileId(2, 0)));
        for (long size : new long[] {1, 255, 256, 257, 65535, 65536, 65537, n}) {
            assertEquals(roots.get((int) size - 1), builder.root(size), "root " + size);
        }
        int calls = readsPerCall.size();
        List<Digest> proof = builder.inclusionProof(70, n);
        assertEquals(calls + 1, readsPerCall.size(), "one read for the whole proof");
        assertEquals(17, proof.size());
        List<Digest> consistency = builder.consistencyProof(65535, n);
        assertEquals(calls + 2, readsPerCall.size());
        assertEquals(new ReferenceTree(leaves).consistencyProof(65535, n), consistency);
    }

    @Test
    void tileWriter_splitsABatch_intoContiguousRunsPerTile() {
        InMemoryTiles tiles = new InMemoryTiles();
        CompactRange range = CompactRange.empty();
        TileWriter writer = new TileWriter();
        List<Digest> leaves = TestTrees.leaves(600, 7);
        leaves.subList(0, 250).forEach(leaf -> range.append(leaf, writer));
        List<TileAppend> first = writer.drain();
        assertEquals(List.of(new TileId(0, 0)), first.stream().map(TileAppend::id).toList());
        tiles.apply(first);
        leaves.subList(250, 600).forEach(leaf -> range.append(leaf, writer));
        List<TileAppend> second = writer.drain();
        assertEquals("[TileAppend[tile(0, 0), offset=250, count=6], "
                + "TileAppend[tile(0, 1), offset=0, count=256], "
                + "TileAppend[tile(0, 2), offset=0, count=88], "
                + "TileAppend[tile(1, 0), offset=0, count=2]]", second.toString());
        tiles.apply(second);
        assertEquals(List.of(), writer.drain());
        Map<TileId, byte[]> read = tiles.readTiles(List.of(new TileId(1, 0), new TileId(5, 5)));
        assertEquals(1, read.size());
        byte[] level8 = read.get(new TileId(1, 0));
        ReferenceTree reference = new ReferenceTree(leaves);
        assertEquals(reference.subtreeHash(256, 512), Digest.of(level8, 32));
        assertEquals(64, Arrays.copyOf(level8, level8.length).length);
    }
}
