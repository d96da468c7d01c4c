package dev.flora.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flora.api.ledger.v1.AppendRequest;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AppendRequestsTest {

    @Test
    void everyRequest_isARegisteredEntryOfANewCaseInSaxony() {
        AppendRequest request = new AppendRequests("run1", Instant.parse("2026-11-27T10:15:30.123456789Z")).next();
        assertEquals("registered", request.getChange().getEventType());
        assertEquals("DE-SN", request.getChange().getAttributesOrThrow("federal_state").getTextValue());
        assertEquals(1_795_774_530L, request.getChange().getEffectiveTime().getSeconds());
        assertEquals(0, request.getChange().getEffectiveTime().getNanos(), "whole microseconds only");
        assertTrue(request.getSerializedSize() < 300, "size " + request.getSerializedSize());
    }

    @Test
    void caseRefsAndRequestIds_neverRepeatWithinARun() {
        AppendRequests requests = new AppendRequests("run2", Instant.now());
        Set<String> caseRefs = new HashSet<>();
        Set<String> requestIds = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            AppendRequest request = requests.next();
            assertTrue(caseRefs.add(request.getChange().getCaseRef()), request.getChange().getCaseRef());
            assertTrue(requestIds.add(request.getRequestId()), request.getRequestId());
        }
        assertEquals(1000, requests.made());
    }

    @Test
    void differentRuns_useDifferentCaseRefs() {
        Instant now = Instant.now();
        String a = new AppendRequests("runa", now).next().getChange().getCaseRef();
        String b = new AppendRequests("runb", now).next().getChange().getCaseRef();
        assertTrue(!a.equals(b), a + " equals " + b);
    }

    @Test
    void aBlankRunId_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> new AppendRequests(" ", Instant.now()));
    }
}
