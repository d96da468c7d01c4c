package dev.flora.bench.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import dev.flora.api.ledger.v1.CaughtUp;
import dev.flora.api.ledger.v1.Entry;
import dev.flora.api.ledger.v1.EntryBatch;
import dev.flora.api.ledger.v1.StatusChange;
import dev.flora.api.ledger.v1.SubscribeResponse;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class DeliveryTest {

    private static Delivery decode(SubscribeResponse response) throws IOException {
        return Delivery.decode(CodedInputStream.newInstance(response.toByteArray()));
    }

    private static Entry entry(long index, String requestId) {
        return Entry.newBuilder().setIndex(index).setEntryBytes(ByteString.copyFromUtf8("bytes" + index))
                .setLeafHash(ByteString.copyFrom(new byte[32])).setIssuingAuthority("eae-chemnitz")
                .setRequestId(requestId).setChange(StatusChange.newBuilder().setCaseRef("c" + index)
                        .setEventType("registered")).build();
    }

    @Test
    void decode_entryBatch_givesIndexesAndRequestIdsInOrder() throws IOException {
        EntryBatch.Builder batch = EntryBatch.newBuilder();
        for (int i = 0; i < 40; i++) {
            batch.addEntries(entry(1000 + i, "req-x-" + i));
        }
        Delivery d = decode(SubscribeResponse.newBuilder().setResumeAfterIndex(1039).setEntries(batch).build());
        assertEquals(Delivery.Kind.ENTRIES, d.kind());
        assertEquals(1039, d.resumeAfterIndex());
        assertEquals(40, d.indexes().length);
        assertEquals(1000, d.indexes()[0]);
        assertEquals(1039, d.indexes()[39]);
        assertArrayEquals(new String[] {"req-x-0", "req-x-1"}, java.util.Arrays.copyOf(d.requestIds(), 2));
        assertEquals("req-x-39", d.requestIds()[39]);
    }

    @Test
    void decode_caughtUp_givesKindAndPosition() throws IOException {
        Delivery d = decode(SubscribeResponse.newBuilder().setResumeAfterIndex(-1)
                .setCaughtUp(CaughtUp.getDefaultInstance()).build());
        assertEquals(Delivery.Kind.CAUGHT_UP, d.kind());
        assertEquals(-1, d.resumeAfterIndex());
        assertEquals(0, d.indexes().length);
    }

    @Test
    void sendTimes_knowOnlyTheirOwnPrefix() {
        Subscriber.SendTimes times = new Subscriber.SendTimes("req-run-", 10);
        times.sent(7, 12345);
        assertEquals(12345, times.sentNanos("req-run-7"));
        assertEquals(Subscriber.SendTimes.UNKNOWN, times.sentNanos("req-other-7"));
        assertEquals(Subscriber.SendTimes.UNKNOWN, times.sentNanos("req-run-3"));
    }
}
