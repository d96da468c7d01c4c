package dev.flora.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProofBuilderTest {

    private final InMemoryTiles tiles = new InMemoryTiles();
    private final ProofBuilder builder = new ProofBuilder(tiles);

    ProofBuilderTest() {
        TestTrees.appendInBatches(TestTrees.leaves(300, 3), tiles, new Random(3));
    }

    @Test
    void argumentsOutOfRange_areRejectedWithTheirValues() {
        assertEquals("index 7 out of range for size 5", reject(() -> builder.inclusionProof(7, 5)));
        assertEquals("index -1 out of range for size 5",
                reject(() -> builder.inclusionProof(-1, 5)));
        assertEquals("index 0 out of range for size 0", reject(() -> builder.inclusionProof(0, 0)));
        assertEquals("size1 9 out of range for size2 5",
                reject(() -> builder.consistencyProof(9, 5)));
        assertEquals("size1 -1 out of range for size2 5",
                reject(() -> builder.consistencyProof(-1, 5)));
        assertEquals("size -2 is negative", reject(() -> builder.root(-2)));
    }

    @Test
    void trivialRequests_needNoTiles() {
        ProofBuilder noStorage = new ProofBuilder(ids -> {
            throw new AssertionError("read " + ids);
        });
        assertEquals(Hasher.emptyRoot(), noStorage.root(0));
        assertEquals(List.of(), noStorage.consistencyProof(0, 17));
        assertEquals(List.of(), noStorage.consistencyProof(17, 17));
    }

    @Test
    void sizesBeyondTheStoredTree_failNamingTheTile() {
        IllegalStateException beyond =
                assertThrows(IllegalStateException.class, () -> builder.root(301));
        assertEquals("tile(0, 1) holds 44 hashes, need 45 for node at level 0 index 300: "
                + "is the size beyond the stored tree?", beyond.getMessage());
        ProofBuilder empty = new ProofBuilder(ids -> Map.of());
        IllegalStateException missing =
                assertThrows(IllegalStateException.class, () -> empty.inclusionProof(0, 2));
        assertEquals("tile(0, 0) is missing from storage, needed for node at level 0 index 1",
                missing.getMessage());
    }

    @Test
    void longerTilesThanNeeded_areFine() {
        ReferenceTree reference = new ReferenceTree(TestTrees.leaves(300, 3));
        assertEquals(reference.root(3), builder.root(3));
        assertEquals(reference.inclusionProof(1, 3), builder.inclusionProof(1, 3));
        Digest leaf = reference.leaf(0);
        assertEquals(leaf, builder.root(1));
    }

    private static String reject(Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run).getMessage();
    }
}
