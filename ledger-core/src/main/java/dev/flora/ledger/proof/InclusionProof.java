package dev.flora.ledger.proof;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import java.util.List;
import java.util.Objects;

/**
 * Verifies RFC 9162 inclusion proofs (section 2.1.3.2): that a leaf hash sits at {@code index} in
 * the tree of {@code size} leaves whose root is known from a checkpoint.
 *
 * <p>A proof is the list of sibling hashes from the leaf up to the root. The verifier rebuilds the
 * root: starting with the leaf hash, each proof hash {@code p} becomes the left child
 * ({@code SHA-256(0x01 || p || r)}) or the right child ({@code SHA-256(0x01 || r || p)}) of the
 * running hash {@code r}, as the bits of {@code index} and {@code size - 1} dictate.
 *
 * <p>A proof does not commit to {@code size} by itself: only the root does. The caller MUST take
 * {@code size} and {@code root} from the same signed checkpoint.
 */
public final class InclusionProof {

    private InclusionProof() {
    }

    /**
     * Succeeds if {@code proof} proves {@code leafHash} at {@code index} in the tree of
     * {@code size} leaves with root {@code root}.
     *
     * @throws ProofVerificationException if the index is out of range or the proof has the wrong
     *     number of hashes
     * @throws RootMismatchException if the computed root is not {@code root}
     */
    public static void verify(long index, long size, Digest leafHash, List<Digest> proof,
            Digest root) throws ProofVerificationException {
        Objects.requireNonNull(root, "root");
        Digest computed = rootFromInclusionProof(index, size, leafHash, proof);
        if (!computed.equals(root)) {
            throw new RootMismatchException("root of size " + size, root, computed);
        }
    }

    /**
     * The root of the tree of {@code size} leaves that {@code proof} and {@code leafHash} imply,
     * following RFC 9162 section 2.1.3.2 up to the final comparison.
     *
     * @throws ProofVerificationException if the index is out of range or the proof has the wrong
     *     number of hashes
     */
    public static Digest rootFromInclusionProof(long index, long size, Digest leafHash,
            List<Digest> proof) throws ProofVerificationException {
        Objects.requireNonNull(leafHash, "leafHash");
        Objects.requireNonNull(proof, "proof");
        if (index < 0 || index >= size) {
            throw new ProofVerificationException(
                    "index " + index + " out of range for size " + size);
        }
        int want = expectedSize(index, size);
        if (proof.size() != want) {
            throw new ProofVerificationException(
                    "wrong proof size " + proof.size() + ", want " + want);
        }
        Hasher hasher = Hasher.create();
        long fn = index;
        long sn = size - 1;
        Digest r = leafHash;
        for (Digest p : proof) {
            Objects.requireNonNull(p, "proof hash");
            if ((fn & 1) == 1 || fn == sn) {
                r = hasher.nodeHash(p, r);
                // Skip the levels where the path has no sibling (the right border of the tree).
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = hasher.nodeHash(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        // Guaranteed by the size check; kept as the RFC's final condition.
        if (sn != 0) {
            throw new ProofVerificationException("proof ended below the root of size " + size);
        }
        return r;
    }

    /**
     * Number of hashes in the proof for {@code index} in a tree of {@code size}: one per level
     * where the leaf's path and the last leaf's path have different ancestors ("inner"), plus one
     * per left sibling on the right border above that.
     */
    static int expectedSize(long index, long size) {
        int inner = Long.SIZE - Long.numberOfLeadingZeros(index ^ (size - 1));
        return inner + Long.bitCount(index >>> inner);
    }
}
