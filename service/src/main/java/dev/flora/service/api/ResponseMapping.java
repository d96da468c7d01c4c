package dev.flora.service.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.flora.api.ledger.v1.AppendResponse;
import dev.flora.api.ledger.v1.Entry;
import dev.flora.api.ledger.v1.StatusChange;
import dev.flora.ledger.entry.AttributeValue;
import dev.flora.ledger.entry.EntryCodec;
import dev.flora.ledger.entry.EntryFormatException;
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
        dev.flora.ledger.entry.Entry entry;
        try {
            entry = EntryCodec.decode(stored.bytes());
        } catch (EntryFormatException e) {
            throw new IllegalStateException("stored entry " + stored.index()
                    + " does not decode", e);
        }
        var change = entry.change();
        StatusChange.Builder proto = StatusChange.newBuilder()
                .setCaseRef(change.caseRef())
                .setEventType(change.eventType())
                .setEffectiveTime(timestamp(change.effectiveTime()));
        change.attributes().asMap().forEach((key, value) -> proto.putAttributes(key,
                toProto(value)));
        change.payloadCommitment().ifPresent(c -> proto.setPayloadCommitment(bytes(c)));
        return Entry.newBuilder()
                .setIndex(entry.index())
                .setEntryBytes(ByteString.copyFrom(stored.bytes()))
                .setLeafHash(bytes(stored.leafHash()))
                .setPreviousHash(bytes(entry.previousHash()))
                .setRecordedTime(timestamp(entry.recordedTime()))
                .setIssuingAuthority(change.issuingAuthority())
                .setRequestId(change.requestId())
                .setChange(proto)
                .build();
    }

    private static dev.flora.api.ledger.v1.AttributeValue toProto(AttributeValue value) {
        var proto = dev.flora.api.ledger.v1.AttributeValue.newBuilder();
        if (value instanceof AttributeValue.Text text) {
            proto.setTextValue(text.value());
        } else if (value instanceof AttributeValue.Int number) {
            proto.setIntValue(number.value());
        } else if (value instanceof AttributeValue.Bool bool) {
            proto.setBoolValue(bool.value());
        }
        return proto.build();
    }

    static ByteString bytes(Digest digest) {
        return ByteString.copyFrom(digest.toByteArray());
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano()).build();
    }
}
