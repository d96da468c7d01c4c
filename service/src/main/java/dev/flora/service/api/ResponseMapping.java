package dev.flora.service.api;

import dev.flora.api.ledger.v1.AppendResponse;
import dev.flora.api.ledger.v1.Entry;
import dev.flora.service.append.AppendResult;
import dev.flora.service.read.StoredEntryBytes;

/** Domain values to proto messages. */
final class ResponseMapping {

    private ResponseMapping() {
    }

    static AppendResponse toProto(AppendResult result) {
        return AppendResponse.newBuilder()
                .setIndex(result.index())
                .setLeafHash(EntryMessages.bytes(result.leafHash()))
                .setRecordedTime(EntryMessages.timestamp(result.recordedTime()))
                .setCaseRevision(result.caseRevision())
                .build();
    }

    /** The proto form of a stored entry, decoded from its canonical bytes. */
    static Entry toProto(StoredEntryBytes stored) {
        return EntryMessages.decode(stored.index(), stored.bytes(), stored.leafHash());
    }
}
