package dev.flora.service.api;

import static dev.flora.service.api.LedgerClient.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.ErrorInfo;
import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.api.ledger.v1.AppendResult;
import dev.flora.api.ledger.v1.AppendStreamResponse;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@QuarkusTest
@Timeout(90)
class AppendStreamTest extends GrpcTestBase {

    static AppendRequest registration() {
        return request("c-" + UUID.randomUUID(), "registered", Map.of("federal_state", "DE-SN"));
    }

    @Test
    void appendStream_answersEachMessageInOrder_withOneResultPerAppend_andRejectionsStayLocal()
            throws Exception {
        Random random = new Random(11);
        List<List<AppendRequest>> messages = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int m = 0; m < 40; m++) {
            List<AppendRequest> message = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(120); i < n; i++) {
                int kind = random.nextInt(50);
                if (kind == 0) {
                    message.add(request("c-" + UUID.randomUUID(), "decision_issued",
                            Map.of("outcome", "rejected")));
                    expected.add("TRANSITION_NOT_ALLOWED");
                } else if (kind == 1) {
                    AppendRequest invalid = registration();
                    message.add(invalid.toBuilder().setChange(invalid.getChange().toBuilder()
                            .setCaseRef("")).build());
                    expected.add("INVALID_FIELD");
                } else {
                    message.add(registration());
                    expected.add("OK");
                }
            }
            messages.add(message);
        }
        List<AppendStreamResponse> responses = client.appendStream("bamf-dresden", messages);

        assertEquals(messages.size(), responses.size(), "one response per message");
        long previousIndex = -1;
        int k = 0;
        for (int m = 0; m < messages.size(); m++) {
            assertEquals(messages.get(m).size(), responses.get(m).getResultsCount());
            for (int i = 0; i < messages.get(m).size(); i++, k++) {
                AppendResult result = responses.get(m).getResults(i);
                assertEquals(messages.get(m).get(i).getRequestId(), result.getRequestId());
                if (expected.get(k).equals("OK")) {
                    assertTrue(result.getAppended().getIndex() > previousIndex,
                            "indexes rise in request order");
                    previousIndex = result.getAppended().getIndex();
                } else {
                    assertEquals(expected.get(k), LedgerClient.detail(result.getError(),
                            ErrorInfo.class).getReason(), result.toString());
                }
            }
        }
    }

    @Test
    void appendStream_aMessageOverTheLimit_failsEachOfItsAppends_andTheStreamGoesOn()
            throws Exception {
        List<AppendRequest> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(registration());
        }
        List<AppendStreamResponse> responses = client.appendStream("bamf-dresden",
                List.of(tooMany, List.of(registration()), List.of()));
        assertEquals(3, responses.size());
        assertEquals(1001, responses.get(0).getResultsCount());
        for (AppendResult result : responses.get(0).getResultsList()) {
            assertEquals(Status.Code.INVALID_ARGUMENT.value(), result.getError().getCode());
        }
        assertTrue(responses.get(1).getResults(0).hasAppended());
        assertEquals(0, responses.get(2).getResultsCount());
    }
}
