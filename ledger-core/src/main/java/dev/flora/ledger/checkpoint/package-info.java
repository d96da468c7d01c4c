/**
 * Signed checkpoints: C2SP tlog-checkpoint bodies ({@link dev.flora.ledger.checkpoint.Checkpoint})
 * carried in C2SP signed notes ({@link dev.flora.ledger.checkpoint.SignedNote}) with Ed25519 keys
 * in the golang.org/x/mod/sumdb/note text forms ({@link dev.flora.ledger.checkpoint.NoteSigner},
 * {@link dev.flora.ledger.checkpoint.NoteVerifier}).
 *
 * <p>A reader MUST ignore a note's text until a signature by a trusted key verified; use
 * {@link dev.flora.ledger.checkpoint.CheckpointVerifier}, which enforces that order. Every
 * failure is a {@link dev.flora.ledger.checkpoint.CheckpointException} with a stable reason.
 * The bytes are spelled out in docs/ledger-format.md part 3.
 */
package dev.flora.ledger.checkpoint;
