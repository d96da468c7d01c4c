package dev.flora.ledger.proof;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import java.util.List;
import java.util.Objects;

/**
 * Verifies RFC 9162 consistency proofs (section 2.1.4.2): that the tree of {@code size2} leaves
 * with root {@code root2} extends the tree of {@code size1} leaves with root {@code root1}
 * (same first {@code size1} leaves, in the same order).
 *
 * <p>Special cases: {@code size1 == size2} needs an empty proof and equal roots;
 * {@code size1 == 0} needs an empty proof and {@code root1} equal to the empty root (every tree
 * extends the empty tree, so {@code root2} is not constrained).
 */
public final class ConsistencyProof {

    private ConsistencyProof() {
    }

    /**
     * Succeeds if {@code proof} shows that the tree ({@code size2}, {@code root2}) extends the tree
     * ({@code size1}, {@code root1}).
     *
     * @throws ProofVerificationException if the sizes are out of order or negative or the proof has
     *     the wrong number of hashes
     * @throws RootMismatchException if a root computed from the proof differs from the given one
     */
    public static void verify(long size1, long size2, List<Digest> proof, Digest root1,
            Digest root2) throws ProofVerificationException {
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(root1, "root1");
        Objects.requireNonNull(root2, "root2");
        if (size1 < 0 || size1 > size2) {
            throw new ProofVerificationException(
                    "size1 " + size1 + " out of range for size2 " + size2);
        }
        int want = expectedSize(size1, size2);
        if (proof.size() != want) {
            throw new ProofVerificationException(
                    "wrong proof size " + proof.size() + ", want " + want);
        }
        if (size1 == 0) {
            requireMatch("root1 of size 0", root1, Hasher.emptyRoot());
        } else if (size1 == size2) {
            requireMatch("root2 of size " + size2 + " (equal to size1)", root1, root2);
        } else {
            verifyPath(size1, size2, proof, root1, root2);
        }
    }

    private static void verifyPath(long size1, long size2, List<Digest> proof, Digest root1,
            Digest root2) throws ProofVerificationException {
        // A power-of-two old tree is itself a node of the new tree: the verifier knows its hash.
        boolean prependRoot1 = Long.bitCount(size1) == 1;
        Digest first = prependRoot1 ? root1 : Objects.requireNonNull(proof.get(0), "proof hash");
        Digest[] roots = foldPath(size1, size2, first, proof.subList(prependRoot1 ? 0 : 1,
                proof.size()));
        requireMatch("root1 of size " + size1, root1, roots[0]);
        requireMatch("root2 of size " + size2, root2, roots[1]);
    }

    /** Steps 3 to 6 of RFC 9162 section 2.1.4.2: the old and the new root, {fr, sr}. */
    private static Digest[] foldPath(long size1, long size2, Digest first, List<Digest> rest)
            throws ProofVerificationException {
        Hasher hasher = Hasher.create();
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        Digest fr = first;
        Digest sr = first;
        for (Digest c : rest) {
            Objects.requireNonNull(c, "proof hash");
            if ((fn & 1) == 1 || fn == sn) {
                fr = hasher.nodeHash(c, fr);
                sr = hasher.nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = hasher.nodeHash(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        // Guaranteed by the size check; kept as the RFC's final condition.
        if (sn != 0) {
            throw new ProofVerificationException("proof ended below the root of size " + size2);
        }
        return new Digest[] {fr, sr};
    }

    private static void requireMatch(String what, Digest expected, Digest computed)
            throws RootMismatchException {
        if (!computed.equals(expected)) {
            throw new RootMismatchException(what, expected, computed);
        }
    }

    /**
     * Number of hashes in the proof: the inclusion path of the largest perfect subtree ending at
     * {@code size1} within the tree of {@code size2}, plus that subtree's own hash unless it is
     * the whole old tree (size1 a power of two).
     */
    static int expectedSize(long size1, long size2) {
        if (size1 == 0 || size1 == size2) {
            return 0;
        }
        int level = Long.numberOfTrailingZeros(size1);
        long index = (size1 - 1) >>> level;
        long last = (size2 - 1) >>> level;
        int inner = Long.SIZE - Long.numberOfLeadingZeros(index ^ last);
        int path = inner + Long.bitCount(index >>> inner);
        return index == 0 ? path : path + 1;
    }
}
