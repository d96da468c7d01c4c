package dev.flora.service.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.flora.api.ledger.v1.Entry;
import dev.flora.api.ledger.v1.StatusChange;
import dev.flora.ledger.entry.AttributeValue;
import dev.flora.ledger.entry.EntryCodec;
import dev.flora.ledger.entry.EntryFormatException;
import dev.flora.ledger.hash.Digest;
import java.time.Instant;

/** Builds the proto {@link Entry} of a committed entry: its canonical bytes plus decoded fields. */
public final class EntryMessages {

    private EntryMessages() {
    }

    /** From stored canonical bytes, which MUST decode (they were validated when written). */
    public static Entry decode(long index, byte[] bytes, Digest leafHash) {
        try {
            return of(EntryCodec.decode(bytes), bytes, leafHash);
        } catch (EntryFormatException e) {
            throw new IllegalStateException("stored entry " + index + " does not decode", e);
        }
    }

    /** From an entry already in hand with its canonical bytes and leaf hash. */
    public static Entry of(dev.flora.ledger.entry.Entry entry, byte[] bytes, Digest leafHash) {
        var change = entry.change();
        StatusChange.Builder proto = StatusChange.newBuilder()
                .setCaseRef(change.caseRef())
                .setEventType(change.eventType())
                .setEffectiveTime(timestamp(change.effectiveTime()));
        for (int i = 0; i < change.attributes().size(); i++) {
            proto.putAttributes(change.attributes().keyAt(i),
                    attribute(change.attributes().valueAt(i)));
        }
        change.payloadCommitment().ifPresent(c -> proto.setPayloadCommitment(bytes(c)));
        return Entry.newBuilder()
                .setIndex(entry.index())
                .setEntryBytes(ByteString.copyFrom(bytes))
                .setLeafHash(bytes(leafHash))
                .setPreviousHash(bytes(entry.previousHash()))
                .setRecordedTime(timestamp(entry.recordedTime()))
                .setIssuingAuthority(change.issuingAuthority())
                .setRequestId(change.requestId())
                .setChange(proto)
                .build();
    }

    private static dev.flora.api.ledger.v1.AttributeValue attribute(AttributeValue value) {
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
