package dev.flora.ledger.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.merkle.ReferenceTree;
import dev.flora.ledger.merkle.TestTrees;
import dev.flora.ledger.merkle.TestTrees.TreeCase;
import dev.flora.ledger.testing.ForAll;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every honest proof verifies, and every tampering makes it fail: a flipped bit in any hash, a
 * hash removed or added, a changed index or size.
 *
 * <p>A changed index or size is only detectable when the proof depends on it. RFC 9162 proofs
 * bind the size through the root alone, so e.g. the inclusion proof of leaf 0 in a tree of 3
 * also "verifies" for size 4 against the size-3 root. Such a change is accepted only if the same
 * change also verifies on an unrelated witness tree, which happens exactly when the verifier's
 * computation does not depend on it. So that this exemption cannot hide a verifier that
 * ignores index and size, each property also counts the changes that were rejected.
 */
class ProofVerificationProperties {

    @Test
    void inclusionProof_verifies_andEveryTamperingFails() {
        Outcomes outcomes = new Outcomes();
        ForAll.check("inclusionProof_verifies_andEveryTamperingFails", 80,
                r -> TestTrees.arbitraryTree(r, 1, 2000),
                tree -> assertInclusionTamperingFails(tree, outcomes));
        outcomes.assertMostWereRejected("inclusion");
    }

    private static void assertInclusionTamperingFails(TreeCase generated, Outcomes outcomes)
            throws ProofVerificationException {
        int n = generated.size();
        long seed = generated.seed();
        Random random = new Random(seed);
        ReferenceTree tree = new ReferenceTree(TestTrees.leaves(n, seed));
        ReferenceTree witness = new ReferenceTree(TestTrees.leaves(n, ~seed));
        long size = 1 + random.nextInt(n);
        long index = random.nextInt((int) size);
        Digest leaf = tree.leaf(index);
        Digest root = tree.root(size);
        List<Digest> proof = tree.inclusionProof(index, size);
        InclusionProof.verify(index, size, leaf, proof, root);

        for (List<Digest> bad : Tampering.everyBitFlip(proof)) {
            assertMismatch(() -> InclusionProof.verify(index, size, leaf, bad, root), root);
        }
        for (Digest bad : Tampering.everyBitFlip(leaf)) {
            assertMismatch(() -> InclusionProof.verify(index, size, bad, proof, root), root);
        }
        for (Digest bad : Tampering.everyBitFlip(root)) {
            assertMismatch(() -> InclusionProof.verify(index, size, leaf, proof, bad), bad);
        }
        for (List<Digest> bad : Tampering.oneRemovedOrAdded(proof, random)) {
            ProofVerificationException e = assertThrows(ProofVerificationException.class,
                    () -> InclusionProof.verify(index, size, leaf, bad, root));
            assertEquals("wrong proof size " + bad.size() + ", want " + proof.size(),
                    e.getMessage());
        }
        List<Digest> witnessProof = witness.inclusionProof(index, size);
        for (long[] changed : Tampering.nearby(index, size, random)) {
            assertFailsUnlessIrrelevant(
                    () -> InclusionProof.verify(changed[0], changed[1], leaf, proof, root),
                    () -> InclusionProof.verify(changed[0], changed[1], witness.leaf(index),
                            witnessProof, witness.root(size)),
                    outcomes, "index " + changed[0] + " size " + changed[1]);
        }
    }

    @Test
    void consistencyProof_verifies_andEveryTamperingFails() {
        Outcomes outcomes = new Outcomes();
        ForAll.check("consistencyProof_verifies_andEveryTamperingFails", 80,
                r -> TestTrees.arbitraryTree(r, 1, 2000),
                tree -> assertConsistencyTamperingFails(tree, outcomes));
        outcomes.assertMostWereRejected("consistency");
    }

    private static void assertConsistencyTamperingFails(TreeCase generated, Outcomes outcomes)
            throws ProofVerificationException {
        int n = generated.size();
        long seed = generated.seed();
        Random random = new Random(seed);
        ReferenceTree tree = new ReferenceTree(TestTrees.leaves(n, seed));
        ReferenceTree witness = new ReferenceTree(TestTrees.leaves(n, ~seed));
        long size2 = 1 + random.nextInt(n);
        long size1 = random.nextInt(4) == 0 ? size2 : random.nextInt((int) size2 + 1);
        Digest root1 = tree.root(size1);
        Digest root2 = tree.root(size2);
        List<Digest> proof = tree.consistencyProof(size1, size2);
        ConsistencyProof.verify(size1, size2, proof, root1, root2);

        for (List<Digest> bad : Tampering.everyBitFlip(proof)) {
            assertThrows(RootMismatchException.class,
                    () -> ConsistencyProof.verify(size1, size2, bad, root1, root2));
        }
        for (Digest bad : Tampering.everyBitFlip(root1)) {
            assertThrows(RootMismatchException.class,
                    () -> ConsistencyProof.verify(size1, size2, proof, bad, root2));
        }
        // Every tree extends the empty tree: with size1 = 0 nothing about root2 is claimed.
        if (size1 != 0) {
            for (Digest bad : Tampering.everyBitFlip(root2)) {
                assertThrows(RootMismatchException.class,
                        () -> ConsistencyProof.verify(size1, size2, proof, root1, bad));
            }
        }
        for (List<Digest> bad : Tampering.oneRemovedOrAdded(proof, random)) {
            ProofVerificationException e = assertThrows(ProofVerificationException.class,
                    () -> ConsistencyProof.verify(size1, size2, bad, root1, root2));
            assertEquals("wrong proof size " + bad.size() + ", want " + proof.size(),
                    e.getMessage());
        }
        List<Digest> witnessProof = witness.consistencyProof(size1, size2);
        for (long[] changed : Tampering.nearby(size1, size2, random)) {
            assertFailsUnlessIrrelevant(
                    () -> ConsistencyProof.verify(changed[0], changed[1], proof, root1, root2),
                    () -> ConsistencyProof.verify(changed[0], changed[1], witnessProof,
                            witness.root(size1), witness.root(size2)),
                    outcomes, "size1 " + changed[0] + " size2 " + changed[1]);
        }
    }

    private static void assertMismatch(Verification verification, Digest expectedRoot) {
        RootMismatchException e = assertThrows(RootMismatchException.class, verification::run);
        assertEquals(expectedRoot, e.expected());
        assertTrue(!e.computed().equals(e.expected()));
    }

    private static void assertFailsUnlessIrrelevant(Verification changed,
            Verification changedOnWitness, Outcomes outcomes, String what) {
        if (passes(changed)) {
            assertTrue(passes(changedOnWitness), what + " verified, but the proof depends on it");
            outcomes.unbound++;
        } else {
            outcomes.rejected++;
        }
    }

    /**
     * How often a changed index or size was rejected, and how often the proof did not bind it.
     * A verifier that ignored index and size would still reject the out-of-range changes, but
     * far fewer than the honest one, which rejects about four in five (seeded runs of 80 tries).
     */
    static final class Outcomes {
        int rejected;
        int unbound;

        /** Skipped on short replays (-Dflora.tries=1): a handful of changes says nothing. */
        void assertMostWereRejected(String what) {
            int total = rejected + unbound;
            if (total >= 100) {
                assertTrue(rejected >= total * 0.6, what + ": only " + rejected + " of " + total
                        + " changed indexes or sizes were rejected, want at least 60%");
            }
        }
    }

    private static boolean passes(Verification verification) {
        try {
            verification.run();
            return true;
        } catch (ProofVerificationException e) {
            return false;
        }
    }

    @FunctionalInterface
    interface Verification {
        void run() throws ProofVerificationException;
    }

    /** Ways to damage a proof. */
    static final class Tampering {

        static List<List<Digest>> everyBitFlip(List<Digest> proof) {
            List<List<Digest>> result = new ArrayList<>();
            for (int i = 0; i < proof.size(); i++) {
                for (Digest flipped : everyBitFlip(proof.get(i))) {
                    List<Digest> copy = new ArrayList<>(proof);
                    copy.set(i, flipped);
                    result.add(copy);
                }
            }
            return result;
        }

        static List<Digest> everyBitFlip(Digest digest) {
            List<Digest> result = new ArrayList<>(Digest.LENGTH * 8);
            for (int bit = 0; bit < Digest.LENGTH * 8; bit++) {
                byte[] bytes = digest.toByteArray();
                bytes[bit / 8] ^= (byte) (1 << (bit % 8));
                result.add(Digest.of(bytes));
            }
            return result;
        }

        static List<List<Digest>> oneRemovedOrAdded(List<Digest> proof, Random random) {
            List<List<Digest>> result = new ArrayList<>();
            for (int i = 0; i < proof.size(); i++) {
                List<Digest> copy = new ArrayList<>(proof);
                copy.remove(i);
                result.add(copy);
            }
            for (int i = 0; i <= proof.size(); i++) {
                List<Digest> copy = new ArrayList<>(proof);
                byte[] extra = new byte[Digest.LENGTH];
                random.nextBytes(extra);
                copy.add(i, Digest.of(extra));
                result.add(copy);
            }
            return result;
        }

        /** (a, b) with one or both moved by one, and one random other pair. */
        static List<long[]> nearby(long a, long b, Random random) {
            List<long[]> result = new ArrayList<>();
            for (long da = -1; da <= 1; da++) {
                for (long db = -1; db <= 1; db++) {
                    if (da != 0 || db != 0) {
                        result.add(new long[] {a + da, b + db});
                    }
                }
            }
            long other = 1 + random.nextInt((int) b + 8);
            result.add(new long[] {random.nextInt((int) other + 1), other});
            result.removeIf(pair -> pair[0] == a && pair[1] == b);
            return result;
        }
    }
}
