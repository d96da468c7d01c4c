package dev.flora.service.append;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.merkle.CompactRange;

/**
 * The ledger head as stored in the single {@code ledger_head} row: the tree (its size is the
 * number of committed entries) and the leaf hash of the last entry, which the next entry names
 * as its previous hash ({@link Digest#zero()} for an empty ledger).
 */
public record LedgerHead(CompactRange tree, Digest lastLeafHash) {

    public long size() {
        return tree.size();
    }
}
