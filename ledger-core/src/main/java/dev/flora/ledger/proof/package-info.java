/**
 * Verification of RFC 9162 inclusion and consistency proofs: what an auditor or a client runs to
 * check the ledger without trusting its operator. Depends on {@code dev.flora.ledger.hash} only.
 */
package dev.flora.ledger.proof;
