package dev.flora.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.rpc.Status;
import dev.flora.api.ledger.v1.AppendResponse;
import dev.flora.api.ledger.v1.AppendResult;
import dev.flora.api.ledger.v1.AppendStreamResponse;
import org.junit.jupiter.api.Test;

class WireAppendStreamTest {

    private static AppendResult appended(String requestId, long index) {
        return AppendResult.newBuilder().setRequestId(requestId).setAppended(AppendResponse.newBuilder()
                .setIndex(index).setLeafHash(ByteString.copyFrom(new byte[32]))
                .setRecordedTime(Timestamp.newBuilder().setSeconds(1_795_774_530L).setNanos(123_000))
                .setCaseRevision(1)).build();
    }

    private static AppendResult failed(String requestId, String message) {
        return AppendResult.newBuilder().setRequestId(requestId)
                .setError(Status.newBuilder().setCode(9).setMessage(message)).build();
    }

    @Test
    void countsAppendedAndFailedResults_andKeepsTheFirstFailure() throws Exception {
        AppendStreamResponse response = AppendStreamResponse.newBuilder()
                .addResults(appended("a", 0)).addResults(failed("b", "first"))
                .addResults(appended("c", 1)).addResults(failed("d", "second"))
                // index 0: an appended result whose fields are all defaults is still appended
                .addResults(AppendResult.newBuilder().setAppended(AppendResponse.getDefaultInstance()))
                .build();
        WireAppendStream.Answer answer = WireAppendStream.read(response.toByteArray());
        assertEquals(3, answer.appended());
        assertEquals(2, answer.failed());
        assertEquals(failed("b", "first"), answer.firstFailure());
    }

    @Test
    void aResultWithoutOutcome_isAFailure() throws Exception {
        AppendStreamResponse response = AppendStreamResponse.newBuilder()
                .addResults(appended("a", 0)).addResults(AppendResult.newBuilder().setRequestId("b"))
                .build();
        WireAppendStream.Answer answer = WireAppendStream.read(response.toByteArray());
        assertEquals(1, answer.appended());
        assertEquals(1, answer.failed());
        assertEquals("b", answer.firstFailure().getRequestId());
    }

    @Test
    void anEmptyResponse_answersNothing() throws Exception {
        WireAppendStream.Answer answer = WireAppendStream.read(new byte[0]);
        assertEquals(0, answer.appended());
        assertEquals(0, answer.failed());
        assertNull(answer.firstFailure());
    }
}
