package dev.flora.ledger.merkle;

import dev.flora.ledger.hash.Digest;

/**
 * Receives every perfect node of the tree at the moment it becomes complete.
 *
 * <p>A perfect node at {@code level} with {@code index} is the root of the perfect subtree over
 * leaves {@code [index * 2^level, (index + 1) * 2^level)}; level 0 is the leaf hash itself.
 */
@FunctionalInterface
public interface NodeVisitor {

    /** A visitor that ignores every node. */
    NodeVisitor NONE = (level, index, hash) -> { };

    /** Called once per completed node, lower levels first for each appended leaf. */
    void visit(int level, long index, Digest hash);
}
