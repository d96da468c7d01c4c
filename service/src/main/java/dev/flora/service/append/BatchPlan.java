package dev.flora.service.append;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.merkle.CompactRange;
import dev.flora.ledger.merkle.TileAppend;
import dev.flora.service.append.AppendCommand.RequestKey;
import dev.flora.service.error.FloraException;
import java.util.List;
import java.util.Set;

/**
 * What one batch writes, and what each of its commands is answered once the batch commits.
 *
 * @param rows the new entries, in index order, each with its case's state after it
 * @param tiles the Merkle tile appends of the rows
 * @param tree the tree after the batch
 * @param lastLeafHash the leaf hash of the last entry after the batch
 * @param outcomes one per command, in command order: an {@link AppendResult} or the
 *     {@link FloraException} that rejected it
 * @param requestKeys the request keys of the rows
 */
public record BatchPlan(List<EntryRow> rows, List<TileAppend> tiles,
        CompactRange tree, Digest lastLeafHash, List<Object> outcomes,
        Set<RequestKey> requestKeys) {

    /** Whether the batch writes anything (it may consist of retries and rejections only). */
    public boolean writes() {
        return !rows.isEmpty();
    }

    /** Whether any command was rejected. */
    public boolean rejectsAny() {
        for (Object outcome : outcomes) {
            if (outcome instanceof FloraException) {
                return true;
            }
        }
        return false;
    }
}
