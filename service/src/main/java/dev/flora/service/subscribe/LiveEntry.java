package dev.flora.service.subscribe;

import com.google.protobuf.ByteString;
import dev.flora.api.ledger.v1.Entry;
import dev.flora.api.ledger.v1.EntryBatch;

/**
 * One committed entry as subscribers receive it, serialised ONCE and shared by every subscriber:
 * {@code wire} is the protobuf encoding of an {@link EntryBatch} holding just this entry (field
 * tag, length, the encoded {@link Entry}). Because a repeated field's encodings simply
 * concatenate, the concatenation of several entries' {@code wire} IS the encoding of an
 * EntryBatch of all of them, so a message to a subscriber costs no re-encoding per subscriber.
 *
 * @param federalState the federal state responsible for the case after this entry
 */
public record LiveEntry(long index, String caseRef, String eventType, String federalState,
        ByteString wire) {

    /** The shared form of {@code entry}. */
    public static LiveEntry of(String federalState, Entry entry) {
        return new LiveEntry(entry.getIndex(), entry.getChange().getCaseRef(),
                entry.getChange().getEventType(), federalState,
                EntryBatch.newBuilder().addEntries(entry).build().toByteString());
    }
}
