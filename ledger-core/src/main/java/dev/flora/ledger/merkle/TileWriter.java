package dev.flora.ledger.merkle;

import dev.flora.ledger.hash.Digest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the perfect nodes that a {@link CompactRange} reports while a batch of leaves is
 * appended into the tile changes of that batch, as append-only {@link TileAppend}s.
 *
 * <p>Only nodes at tree levels that are multiples of {@link TileId#HEIGHT} are stored; the others
 * are recomputed from them when a proof needs them. Because a compact range reports the nodes of
 * each level in increasing index order, the changes of one batch to one tile are always one
 * contiguous run, so storage never has to read a tile to write it.
 *
 * <pre>
 *   TileWriter tiles = new TileWriter();
 *   for (Digest leaf : batch) range.append(leaf, tiles);
 *   List&lt;TileAppend&gt; changes = tiles.drain();   // store together with range.toBytes()
 * </pre>
 *
 * <p>Mutable and not thread-safe.
 */
public final class TileWriter implements NodeVisitor {

    private final Map<TileId, Run> runs = new TreeMap<>();

    @Override
    public void visit(int level, long index, Digest hash) {
        if (level % TileId.HEIGHT != 0) {
            return;
        }
        TileId id = TileId.ofStoredNode(level / TileId.HEIGHT, index);
        int position = TileId.positionOf(index);
        Run run = runs.computeIfAbsent(id, k -> new Run(position));
        if (position != run.offset + run.count) {
            throw new IllegalStateException("node " + index + " at level " + level + " goes to "
                    + id + " position " + position + ", but the batch's run there ends at "
                    + (run.offset + run.count) + ": nodes must arrive in order");
        }
        run.add(hash);
    }

    /**
     * The tile changes collected since the last call, ordered by tile level then index; the
     * writer is empty afterwards and ready for the next batch.
     */
    public List<TileAppend> drain() {
        List<TileAppend> appends = new ArrayList<>(runs.size());
        runs.forEach((id, run) -> appends.add(new TileAppend(id, run.offset,
                Arrays.copyOf(run.bytes, run.count * Digest.LENGTH))));
        runs.clear();
        return appends;
    }

    /** The hashes one batch adds to one tile, starting at {@code offset}. */
    private static final class Run {
        final int offset;
        byte[] bytes = new byte[8 * Digest.LENGTH];
        int count;

        Run(int offset) {
            this.offset = offset;
        }

        void add(Digest hash) {
            if ((count + 1) * Digest.LENGTH > bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            hash.copyTo(bytes, count * Digest.LENGTH);
            count++;
        }
    }
}
