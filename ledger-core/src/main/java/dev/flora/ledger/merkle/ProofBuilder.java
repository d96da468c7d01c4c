package dev.flora.ledger.merkle;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Roots, inclusion proofs and consistency proofs (RFC 9162 sections 2.1.3.1 and 2.1.4.1) for any
 * tree size up to the stored one, computed from stored tiles.
 *
 * <p>Each call first works out every tile it needs, reads them all with ONE
 * {@link TileReader#readTiles} call, then hashes: nodes at tree levels between tile levels are
 * hashed up from the level-{@code 8k} nodes below them in the same tile (at most 127 hashes per
 * node), nodes at the non-perfect right edge are folded from their perfect parts.
 *
 * <p>Not thread-safe (it owns a {@link Hasher}); it is cheap, so make one per request or thread.
 */
public final class ProofBuilder {

    private final TileReader reader;
    private final Hasher hasher = Hasher.create();

    public ProofBuilder(TileReader reader) {
        if (reader == null) {
            throw new IllegalArgumentException("tile reader must not be null");
        }
        this.reader = reader;
    }

    /** The RFC 9162 MTH of the first {@code size} leaves; {@link Hasher#emptyRoot()} for 0. */
    public Digest root(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size " + size + " is negative");
        }
        if (size == 0) {
            return Hasher.emptyRoot();
        }
        return hashAll(List.of(ProofPlan.root(size))).get(0);
    }

    /**
     * The inclusion proof of leaf {@code index} in the tree of {@code size}: sibling hashes from the
     * leaf upwards, exactly RFC 9162 PATH(index, D[size]).
     */
    public List<Digest> inclusionProof(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index " + index + " out of range for size " + size);
        }
        return hashAll(ProofPlan.inclusion(index, size));
    }

    /**
     * The consistency proof between the trees of {@code size1} and {@code size2}, exactly RFC 9162
     * PROOF(size1, D[size2]); empty when {@code size1} is 0 or equals {@code size2}.
     */
    public List<Digest> consistencyProof(long size1, long size2) {
        if (size1 < 0 || size1 > size2) {
            throw new IllegalArgumentException(
                    "size1 " + size1 + " out of range for size2 " + size2);
        }
        return hashAll(ProofPlan.consistency(size1, size2));
    }

    private List<Digest> hashAll(List<ProofPlan.LeafRange> ranges) {
        List<List<ProofPlan.Node>> parts = new ArrayList<>(ranges.size());
        Set<TileId> needed = new HashSet<>();
        for (ProofPlan.LeafRange range : ranges) {
            List<ProofPlan.Node> nodes = ProofPlan.perfectNodes(range);
            parts.add(nodes);
            for (ProofPlan.Node node : nodes) {
                needed.add(ProofPlan.tileOf(node));
            }
        }
        Map<TileId, byte[]> tiles = needed.isEmpty() ? Map.of() : reader.readTiles(needed);
        List<Digest> hashes = new ArrayList<>(ranges.size());
        for (List<ProofPlan.Node> nodes : parts) {
            hashes.add(foldRight(nodes, tiles));
        }
        return hashes;
    }

    /** MTH of a leaf range from its perfect parts: {@code node(p0, node(p1, ... pk))}. */
    private Digest foldRight(List<ProofPlan.Node> nodes, Map<TileId, byte[]> tiles) {
        Digest result = perfectNode(nodes.get(nodes.size() - 1), tiles);
        for (int i = nodes.size() - 2; i >= 0; i--) {
            result = hasher.nodeHash(perfectNode(nodes.get(i), tiles), result);
        }
        return result;
    }

    /** A perfect node, hashed up from its {@code 2^(level % 8)} stored descendants. */
    private Digest perfectNode(ProofPlan.Node node, Map<TileId, byte[]> tiles) {
        TileId id = ProofPlan.tileOf(node);
        int width = 1 << (node.level() % TileId.HEIGHT);
        int position = TileId.positionOf(node.index() * width);
        byte[] tile = tiles.get(id);
        if (tile == null) {
            throw new IllegalStateException(id + " is missing from storage, needed for node at level "
                    + node.level() + " index " + node.index());
        }
        if (tile.length < (position + width) * Digest.LENGTH) {
            throw new IllegalStateException(id + " holds " + tile.length / Digest.LENGTH
                    + " hashes, need " + (position + width) + " for node at level " + node.level()
                    + " index " + node.index() + ": is the size beyond the stored tree?");
        }
        Digest[] layer = new Digest[width];
        for (int i = 0; i < width; i++) {
            layer[i] = Digest.of(tile, (position + i) * Digest.LENGTH);
        }
        for (int n = width; n > 1; n /= 2) {
            for (int i = 0; i < n / 2; i++) {
                layer[i] = hasher.nodeHash(layer[2 * i], layer[2 * i + 1]);
            }
        }
        return layer[0];
    }
}
