package dev.flora.ledger.merkle;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import java.util.ArrayList;
import java.util.List;

/**
 * The obviously correct, slow Merkle tree: MTH, PATH and PROOF written straight from RFC 9162
 * sections 2.1.1, 2.1.3.1 and 2.1.4.1 over a list of leaf hashes. The fast code is tested
 * against it.
 */
public final class ReferenceTree {

    private final List<Digest> leaves;
    private final Hasher hasher = Hasher.create();

    public ReferenceTree(List<Digest> leaves) {
        this.leaves = List.copyOf(leaves);
    }

    public int size() {
        return leaves.size();
    }

    public Digest leaf(long index) {
        return leaves.get((int) index);
    }

    /** MTH(D[0:n]). */
    public Digest root(long n) {
        return mth(0, (int) n);
    }

    /** MTH(D[from:to]), the hash of any subtree. */
    public Digest subtreeHash(long from, long to) {
        return mth((int) from, (int) to);
    }

    /** PATH(m, D[0:n]). */
    public List<Digest> inclusionProof(long m, long n) {
        return path((int) m, 0, (int) n);
    }

    /** PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true); empty when m is 0 (no proof needed). */
    public List<Digest> consistencyProof(long m, long n) {
        return m == 0 ? List.of() : subproof((int) m, 0, (int) n, true);
    }

    /** MTH(D[from:to]). */
    private Digest mth(int from, int to) {
        int n = to - from;
        if (n == 0) {
            return Hasher.emptyRoot();
        }
        if (n == 1) {
            return leaves.get(from);
        }
        int k = largestPowerOfTwoBelow(n);
        return hasher.nodeHash(mth(from, from + k), mth(from + k, to));
    }

    /** PATH(m, D[from:to]), m relative to from. */
    private List<Digest> path(int m, int from, int to) {
        int n = to - from;
        List<Digest> result = new ArrayList<>();
        if (n == 1) {
            return result;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            result.addAll(path(m, from, from + k));
            result.add(mth(from + k, to));
        } else {
            result.addAll(path(m - k, from + k, to));
            result.add(mth(from, from + k));
        }
        return result;
    }

    /** SUBPROOF(m, D[from:to], b), m relative to from. */
    private List<Digest> subproof(int m, int from, int to, boolean b) {
        int n = to - from;
        List<Digest> result = new ArrayList<>();
        if (m == n) {
            if (!b) {
                result.add(mth(from, to));
            }
            return result;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            result.addAll(subproof(m, from, from + k, b));
            result.add(mth(from + k, to));
        } else {
            result.addAll(subproof(m - k, from + k, to, false));
            result.add(mth(from, from + k));
        }
        return result;
    }

    /** The largest power of two smaller than n (n > 1). */
    private static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }
}
