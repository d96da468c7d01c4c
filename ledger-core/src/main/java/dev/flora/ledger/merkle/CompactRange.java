package dev.flora.ledger.merkle;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The O(log n) state of a Merkle tree of {@code size} leaves: the roots of its perfect subtrees,
 * left to right, one for each set bit of {@code size} (largest subtree first).
 *
 * <p>Enough to append further leaves and to compute the RFC 9162 root of the whole tree, so the
 * service can keep the head of the ledger in one row ({@link #toBytes()}).
 *
 * <p>Mutable and <b>not thread-safe</b>: it owns a {@link Hasher}.
 */
public final class CompactRange {

    /** Serialized size prefix: a big-endian int64. */
    private static final int SIZE_BYTES = Long.BYTES;

    private final Hasher hasher = Hasher.create();
    // Invariant: hashes[0 .. bitCount(size)) are the subtree roots, largest (leftmost) first.
    private final Digest[] hashes = new Digest[Long.SIZE];
    private long size;

    private CompactRange() {
    }

    /** The compact range of the empty tree. */
    public static CompactRange empty() {
        return new CompactRange();
    }

    /**
     * Appends one leaf hash and reports to {@code visitor} every perfect node this completes:
     * first the leaf itself at level 0, then each parent that became perfect, upwards.
     *
     * @throws IllegalStateException if the tree already holds {@code Long.MAX_VALUE} leaves
     */
    public void append(Digest leafHash, NodeVisitor visitor) {
        if (leafHash == null || visitor == null) {
            throw new IllegalArgumentException("leafHash and visitor must not be null");
        }
        if (size == Long.MAX_VALUE) {
            throw new IllegalStateException("tree is full at size " + size);
        }
        int count = Long.bitCount(size);
        Digest node = leafHash;
        visitor.visit(0, size, node);
        // Each trailing one bit of size is a perfect subtree of the same height as node: merge.
        for (int level = 0; ((size >>> level) & 1) == 1; level++) {
            node = hasher.nodeHash(hashes[--count], node);
            visitor.visit(level + 1, size >>> (level + 1), node);
        }
        hashes[count] = node;
        size++;
    }

    /** An independent copy: appending to either leaves the other unchanged. */
    public CompactRange copy() {
        CompactRange copy = new CompactRange();
        System.arraycopy(hashes, 0, copy.hashes, 0, hashes.length);
        copy.size = size;
        return copy;
    }

    /** Number of leaves appended so far. */
    public long size() {
        return size;
    }

    /** The subtree roots, largest (leftmost) first; {@code Long.bitCount(size())} of them. */
    public List<Digest> hashes() {
        return List.of(Arrays.copyOf(hashes, Long.bitCount(size)));
    }

    /**
     * The RFC 9162 Merkle tree hash MTH of all leaves: the subtree roots folded from the right,
     * {@code node(h[0], node(h[1], ... node(h[k-2], h[k-1])))}; {@link Hasher#emptyRoot()} for
     * the empty tree.
     */
    public Digest root() {
        int count = Long.bitCount(size);
        if (count == 0) {
            return Hasher.emptyRoot();
        }
        Digest root = hashes[count - 1];
        for (int i = count - 2; i >= 0; i--) {
            root = hasher.nodeHash(hashes[i], root);
        }
        return root;
    }

    /**
     * The persistent form: the size as a big-endian int64, then the {@code bitCount(size)}
     * subtree roots, 32 bytes each, largest (leftmost) first. Nothing else: no version, no
     * length prefix; the total length is {@code 8 + 32 * bitCount(size)}.
     */
    public byte[] toBytes() {
        int count = Long.bitCount(size);
        ByteBuffer out = ByteBuffer.allocate(SIZE_BYTES + count * Digest.LENGTH);
        out.putLong(size);
        for (int i = 0; i < count; i++) {
            hashes[i].copyTo(out.array(), SIZE_BYTES + i * Digest.LENGTH);
        }
        return out.array();
    }

    /**
     * Reads the form written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException if the bytes are shorter than 8, the size is negative,
     *     or the number of hashes is not exactly {@code bitCount(size)}
     */
    public static CompactRange fromBytes(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("compact range bytes are null");
        }
        if (bytes.length < SIZE_BYTES) {
            throw new IllegalArgumentException("compact range too short: " + bytes.length
                    + " bytes, need at least " + SIZE_BYTES);
        }
        long size = ByteBuffer.wrap(bytes).getLong();
        if (size < 0) {
            throw new IllegalArgumentException("compact range size " + size + " is negative");
        }
        int want = Long.bitCount(size);
        int hashBytes = bytes.length - SIZE_BYTES;
        if (hashBytes != want * Digest.LENGTH) {
            throw new IllegalArgumentException("compact range of size " + size + " has "
                    + hashBytes + " hash bytes, want " + want * Digest.LENGTH
                    + " (" + want + " hashes of " + Digest.LENGTH + " bytes)");
        }
        CompactRange range = new CompactRange();
        range.size = size;
        for (int i = 0; i < want; i++) {
            range.hashes[i] = Digest.of(bytes, SIZE_BYTES + i * Digest.LENGTH);
        }
        return range;
    }

    @Override
    public String toString() {
        return "CompactRange[size=" + size + ", hashes=" + hashes() + "]";
    }
}
