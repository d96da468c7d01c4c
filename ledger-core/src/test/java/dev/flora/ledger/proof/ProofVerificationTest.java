package dev.flora.ledger.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import dev.flora.ledger.merkle.ReferenceTree;
import dev.flora.ledger.merkle.TestTrees;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each failure says. */
class ProofVerificationTest {

    private final ReferenceTree tree = new ReferenceTree(TestTrees.leaves(20, 5));

    @Test
    void inclusion_indexOutOfRange() {
        assertEquals("index 7 out of range for size 5", failInclusion(7, 5, List.of()));
        assertEquals("index -1 out of range for size 5", failInclusion(-1, 5, List.of()));
    }

    @Test
    void inclusion_wrongProofSize() {
        // Leaf 3 in a tree of 20: siblings at levels 0, 1, 2, 3 and the right subtree of 16..19.
        assertEquals("wrong proof size 4, want 5",
                failInclusion(3, 20, tree.inclusionProof(3, 20).subList(0, 4)));
    }

    @Test
    void inclusion_rootMismatch_reportsExpectedAndComputed() {
        Digest wrongRoot = tree.root(19);
        RootMismatchException e = assertThrows(RootMismatchException.class,
                () -> InclusionProof.verify(3, 20, tree.leaf(3), tree.inclusionProof(3, 20),
                        wrongRoot));
        assertEquals(wrongRoot, e.expected());
        assertEquals(tree.root(20), e.computed());
        assertEquals("root of size 20 mismatch: expected " + wrongRoot.toHex() + ", computed "
                + tree.root(20).toHex(), e.getMessage());
    }

    @Test
    void inclusion_rootFromProof_isTheTreeRoot() throws Exception {
        assertEquals(tree.root(13),
                InclusionProof.rootFromInclusionProof(12, 13, tree.leaf(12),
                        tree.inclusionProof(12, 13)));
        assertEquals(tree.leaf(0),
                InclusionProof.rootFromInclusionProof(0, 1, tree.leaf(0), List.of()));
    }

    @Test
    void consistency_sizesOutOfOrder() {
        assertEquals("size1 9 out of range for size2 5",
                failConsistency(9, 5, List.of(), tree.root(9), tree.root(5)));
        assertEquals("size1 -1 out of range for size2 5",
                failConsistency(-1, 5, List.of(), tree.root(0), tree.root(5)));
    }

    @Test
    void consistency_equalSizes_needAnEmptyProof_andEqualRoots() throws Exception {
        ConsistencyProof.verify(7, 7, List.of(), tree.root(7), tree.root(7));
        assertEquals("wrong proof size 1, want 0",
                failConsistency(7, 7, List.of(tree.leaf(0)), tree.root(7), tree.root(7)));
        assertEquals("root2 of size 7 (equal to size1) mismatch: expected "
                + tree.root(7).toHex() + ", computed " + tree.root(6).toHex(),
                failConsistency(7, 7, List.of(), tree.root(7), tree.root(6)));
    }

    @Test
    void consistency_fromTheEmptyTree_needsAnEmptyProof_andTheEmptyRoot() throws Exception {
        ConsistencyProof.verify(0, 9, List.of(), Hasher.emptyRoot(), tree.root(9));
        assertEquals("wrong proof size 1, want 0",
                failConsistency(0, 9, List.of(tree.leaf(0)), Hasher.emptyRoot(), tree.root(9)));
        assertEquals("root1 of size 0 mismatch: expected " + tree.root(1).toHex()
                + ", computed " + Hasher.emptyRoot().toHex(),
                failConsistency(0, 9, List.of(), tree.root(1), tree.root(9)));
    }

    @Test
    void consistency_wrongProofSize_andRootMismatch() {
        List<Digest> proof = tree.consistencyProof(6, 20);
        assertEquals("wrong proof size 4, want 5",
                failConsistency(6, 20, proof.subList(1, 5), tree.root(6), tree.root(20)));
        assertEquals("root2 of size 20 mismatch: expected " + tree.root(19).toHex()
                + ", computed " + tree.root(20).toHex(),
                failConsistency(6, 20, proof, tree.root(6), tree.root(19)));
        assertEquals("root1 of size 6 mismatch: expected " + tree.root(5).toHex()
                + ", computed " + tree.root(6).toHex(),
                failConsistency(6, 20, proof, tree.root(5), tree.root(20)));
    }

    private String failInclusion(long index, long size, List<Digest> proof) {
        return assertThrows(ProofVerificationException.class,
                () -> InclusionProof.verify(index, size, tree.leaf(0), proof, tree.root(1)))
                .getMessage();
    }

    private static String failConsistency(long size1, long size2, List<Digest> proof,
            Digest root1, Digest root2) {
        return assertThrows(ProofVerificationException.class,
                () -> ConsistencyProof.verify(size1, size2, proof, root1, root2)).getMessage();
    }
}
