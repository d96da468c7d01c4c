package dev.flora.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.api.ledger.v1.AppendStreamRequest;
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
    void nextMessage_isTheWireFormOfAMessageOfNextRequests() {
        // a 40-character run id makes each request longer than 127 bytes (a two-byte length);
        // 1,100 appends take the counter through one to four digits
        for (String runId : new String[] {"r", "x".repeat(40)}) {
            Instant now = Instant.parse("2026-11-27T10:15:30.123456Z");
            AppendRequests wire = new AppendRequests(runId, now);
            AppendRequests generated = new AppendRequests(runId, now);
            for (int count : new int[] {1, 9, 90, 1000}) {
                AppendStreamRequest.Builder expected = AppendStreamRequest.newBuilder();
                for (int i = 0; i < count; i++) {
                    expected.addRequests(generated.next());
                }
                assertArrayEquals(expected.build().toByteArray(), wire.nextMessage(count),
                        runId + ", " + count + " appends from " + (wire.made() - count));
            }
            assertEquals(generated.made(), wire.made());
        }
    }

    @Test
    void aBlankRunId_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> new AppendRequests(" ", Instant.now()));
    }
}
