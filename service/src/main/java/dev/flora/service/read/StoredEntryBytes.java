package dev.flora.service.read;

import dev.flora.ledger.hash.Digest;

/** A committed entry as read back: its index, canonical bytes and leaf hash. */
public record StoredEntryBytes(long index, byte[] bytes, Digest leafHash) {
}
