package dev.flora.bench.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import dev.flora.api.ledger.v1.CaughtUp;
import dev.flora.api.ledger.v1.Entry;
import dev.flora.api.ledger.v1.EntryBatch;
import dev.flora.api.ledger.v1.StatusChange;
import dev.flora.api.ledger.v1.SubscribeResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeliveryTest {

    private static Delivery decode(SubscribeResponse response) {
        return Delivery.decode(response.toByteArray(), "req-x-".getBytes(StandardCharsets.UTF_8));
    }

    private static Entry entry(long index, String requestId) {
        return Entry.newBuilder().setIndex(index).setEntryBytes(ByteString.copyFromUtf8("bytes" + index))
                .setLeafHash(ByteString.copyFrom(new byte[32])).setIssuingAuthority("eae-chemnitz")
                .setRequestId(requestId).setChange(StatusChange.newBuilder().setCaseRef("c" + index)
                        .setEventType("registered")).build();
    }

    @Test
    void decode_entryBatch_givesIndexesAndRequestIdsInOrder() {
        EntryBatch.Builder batch = EntryBatch.newBuilder();
        for (int i = 0; i < 40; i++) {
            batch.addEntries(entry(1000 + i, i == 5 ? "req-other-5" : "req-x-" + i));
        }
        Delivery d = decode(SubscribeResponse.newBuilder().setResumeAfterIndex(1039).setEntries(batch).build());
        assertEquals(Delivery.Kind.ENTRIES, d.kind());
        assertEquals(1039, d.resumeAfterIndex());
        assertEquals(40, d.indexes().length);
        assertEquals(1000, d.indexes()[0]);
        assertEquals(1039, d.indexes()[39]);
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, -1, 6}, java.util.Arrays.copyOf(d.requestNumbers(), 7));
        assertEquals(39, d.requestNumbers()[39]);
    }

    @Test
    void decode_caughtUp_givesKindAndPosition() {
        Delivery d = decode(SubscribeResponse.newBuilder().setResumeAfterIndex(-1)
                .setCaughtUp(CaughtUp.getDefaultInstance()).build());
        assertEquals(Delivery.Kind.CAUGHT_UP, d.kind());
        assertEquals(-1, d.resumeAfterIndex());
        assertEquals(0, d.indexes().length);
    }

    @Test
    void sendTimes_knowOnlyTheRequestsSent() {
        Subscriber.SendTimes times = new Subscriber.SendTimes("req-run-", 10);
        times.sent(7, 12345);
        assertEquals(12345, times.sentNanos(7));
        assertEquals(Subscriber.SendTimes.UNKNOWN, times.sentNanos(-1));
        assertEquals(Subscriber.SendTimes.UNKNOWN, times.sentNanos(3));
        assertEquals(Subscriber.SendTimes.UNKNOWN, times.sentNanos(10));
    }
}
