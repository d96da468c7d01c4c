package dev.flora.service.subscribe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.protobuf.ByteString;
import dev.flora.api.ledger.v1.Entry;
import dev.flora.api.ledger.v1.EntryBatch;
import dev.flora.api.ledger.v1.StatusChange;
import dev.flora.api.ledger.v1.SubscribeResponse;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedResponseTest {

    private static LiveEntry entry(long index) {
        return LiveEntry.of("DE-SN", Entry.newBuilder().setIndex(index)
                .setEntryBytes(ByteString.copyFromUtf8("bytes of " + index))
                .setRequestId("req-" + index).setChange(StatusChange.newBuilder()
                        .setCaseRef("c-" + index).setEventType("registered")).build());
    }

    private static SubscribeResponse generated(long resumeAfter, List<LiveEntry> entries) {
        EntryBatch.Builder batch = EntryBatch.newBuilder();
        for (LiveEntry e : entries) {
            batch.addEntries(Entry.newBuilder().setIndex(e.index()).setRequestId("req-" + e.index())
                    .setEntryBytes(ByteString.copyFromUtf8("bytes of " + e.index()))
                    .setChange(StatusChange.newBuilder().setCaseRef(e.caseRef())
                            .setEventType(e.eventType())));
        }
        return SubscribeResponse.newBuilder().setResumeAfterIndex(resumeAfter).setEntries(batch)
                .build();
    }

    @Test
    void entries_areByteForByteWhatTheGeneratedClassWrites() {
        for (long first : new long[] {0, 1, 127, 128, 1_000_000_000_000L}) {
            for (int n : new int[] {1, 2, 300}) {
                List<LiveEntry> entries = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    entries.add(entry(first + i));
                }
                long resume = first + n - 1;
                assertArrayEquals(generated(resume, entries).toByteArray(),
                        EncodedResponse.entries(resume, entries).toByteArray(),
                        "first " + first + ", " + n + " entries");
            }
        }
    }

    @Test
    void framed_isTheGrpcLengthPrefixedMessage() {
        EncodedResponse message = EncodedResponse.entries(3, List.of(entry(2), entry(3)));
        Buffer framed = message.framed();
        byte[] bytes = message.toByteArray();
        assertEquals(0, framed.getByte(0));
        assertEquals(bytes.length, framed.getInt(1));
        assertArrayEquals(bytes, framed.getBytes(5, framed.length()));
    }

    @Test
    void liveLogMessage_isSharedByCallersAtOnePosition_andRespectsTheirLimit() {
        LiveLog log = new LiveLog(4, 10);
        log.append(List.of(entry(10), entry(11), entry(12)));
        EncodedResponse first = log.message(10, 100);
        assertEquals(12, first.resumeAfterIndex());
        log.append(List.of(entry(13)));
        assertSame(first, log.message(10, 100), "later callers share the first message");
        assertEquals(11, log.message(10, 2).resumeAfterIndex(), "a smaller limit gets its own");
        assertEquals(13, log.message(13, 100).resumeAfterIndex());
        assertNull(log.message(14, 100), "nothing new");
        log.append(List.of(entry(14)));
        assertSame(LiveLog.FELL_BEHIND, log.message(10, 100), "index 10 is no longer held");
        assertNull(log.read(10, 1));
    }
}
