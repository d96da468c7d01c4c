package dev.flora.service.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.flora.api.ledger.v1.AppendResponse;
import dev.flora.api.ledger.v1.Entry;
import dev.flora.ledger.hash.Digest;
import dev.flora.service.append.AppendResult;
import dev.flora.service.read.StoredEntryBytes;
import java.time.Instant;

/** Domain values to proto messages. */
final class ResponseMapping {

    private ResponseMapping() {
    }

    static AppendResponse toProto(AppendResult result) {
        return AppendResponse.newBuilder()
                .setIndex(result.index())
                .setLeafHash(bytes(result.leafHash()))
                .setRecordedTime(timestamp(result.recordedTime()))
                .setCaseRevision(result.caseRevision())
                .build();
    }

    /** The proto form of a stored entry, decoded from its canonical bytes. */
    static Entry toProto(StoredEntryBytes stored) {
        return EntryMessages.decode(stored.index(), stored.bytes(), stored.leafHash());
    }

    static ByteString bytes(Digest digest) {
        return EntryMessages.bytes(digest);
    }

    static Timestamp timestamp(Instant instant) {
        return EntryMessages.timestamp(instant);
    }
}
