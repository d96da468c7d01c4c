/**
 * The RFC 9162 Merkle tree of the ledger: the compact range that holds the head of the tree
 * (one hash per perfect subtree), the C2SP tlog-tiles layout in which the service stores the
 * tree's perfect nodes, and the proof builder that reads those tiles to produce roots,
 * inclusion proofs and consistency proofs for any size up to the stored one.
 *
 * <p>Verification of the proofs lives in {@code dev.flora.ledger.proof}, which needs nothing
 * from this package.
 */
package dev.flora.ledger.merkle;
