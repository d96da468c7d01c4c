package dev.flora.service.subscribe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flora.api.ledger.v1.Entry;
import dev.flora.api.ledger.v1.EntryBatch;
import dev.flora.api.ledger.v1.StatusChange;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LiveEntryTest {

    private static Entry entry() {
        return Entry.newBuilder().setIndex(7).setChange(StatusChange.newBuilder()
                .setCaseRef("c-7").setEventType("registered")).build();
    }

    @Test
    void aDeferredEntry_isEncodedOnlyWhenFirstSent_toTheSameBytesAsAnEagerOne() throws Exception {
        AtomicInteger built = new AtomicInteger();
        LiveEntry deferred = LiveEntry.deferred(7, "c-7", "registered", "DE-SN", () -> {
            built.incrementAndGet();
            return entry();
        });
        assertEquals(0, built.get(), "encoded before anyone asked");
        assertEquals("c-7", deferred.caseRef());

        assertEquals(LiveEntry.of("DE-SN", entry()).wire(), deferred.wire());
        deferred.wire();
        assertEquals(1, built.get(), "encoded again for a second subscriber");
        assertEquals(entry(), EntryBatch.parseFrom(deferred.wire()).getEntries(0));
    }
}
