package dev.flora.service.api;

import static dev.flora.service.api.LedgerClient.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.ErrorInfo;
import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.api.ledger.v1.AppendStreamResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@QuarkusTest
@Timeout(60)
class AppendStreamTest extends GrpcTestBase {

    @Test
    void appendStream_acknowledgesInRequestOrder_andAFailedRequestDoesNotEndTheStream()
            throws Exception {
        List<AppendRequest> requests = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            requests.add(i % 500 == 250
                    ? request("c-" + UUID.randomUUID(), "decision_issued",
                            Map.of("outcome", "rejected"))
                    : request("c-" + UUID.randomUUID(), "registered",
                            Map.of("federal_state", "DE-SN")));
        }
        List<AppendStreamResponse> responses = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<AppendRequest> out = client.asyncAs("bamf-dresden").appendStream(
                new StreamObserver<>() {
                    @Override
                    public void onNext(AppendStreamResponse response) {
                        responses.add(response);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(null);
                    }
                });
        requests.forEach(out::onNext);
        out.onCompleted();
        done.get(50, TimeUnit.SECONDS);

        assertEquals(requests.size(), responses.size());
        long previousIndex = -1;
        for (int i = 0; i < requests.size(); i++) {
            AppendStreamResponse response = responses.get(i);
            assertEquals(requests.get(i).getRequestId(), response.getRequestId());
            if (i % 500 == 250) {
                assertEquals(io.grpc.Status.Code.FAILED_PRECONDITION.value(),
                        response.getError().getCode());
                assertEquals("TRANSITION_NOT_ALLOWED", LedgerClient.detail(response.getError(),
                        ErrorInfo.class).getReason());
            } else {
                assertTrue(response.getAppended().getIndex() > previousIndex,
                        "indexes rise in request order");
                previousIndex = response.getAppended().getIndex();
            }
        }
    }
}
