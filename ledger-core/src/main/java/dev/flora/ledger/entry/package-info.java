/**
 * The ledger entry and its canonical, versioned binary encoding (format v1).
 *
 * <p>{@link dev.flora.ledger.entry.EntryCodec} spells out every byte; the constructors of
 * {@link dev.flora.ledger.entry.Entry}, {@link dev.flora.ledger.entry.StatusChange},
 * {@link dev.flora.ledger.entry.Attributes} and {@link dev.flora.ledger.entry.AttributeValue}
 * enforce exactly the limits the decoder enforces, so every valid object has exactly one
 * encoding and every accepted encoding decodes to exactly one object. The leaf hash of an entry,
 * {@code SHA-256(0x00 || encode(entry))}, is both its Merkle leaf and the next entry's previous
 * hash.
 */
package dev.flora.ledger.entry;
