package dev.flora.service.api;

import static dev.flora.service.api.LedgerClient.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What operators and tools rely on: gRPC health, server reflection, Prometheus metrics. */
@QuarkusTest
@Timeout(60)
class ServiceSurfaceTest extends GrpcTestBase {

    @Test
    void grpcHealth_isServing() {
        HealthCheckResponse response = HealthGrpc.newBlockingStub(channel)
                .check(HealthCheckRequest.getDefaultInstance());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, response.getStatus());
    }

    @Test
    void serverReflection_listsTheLedgerService() throws Exception {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        answer.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
        List<String> services = answer.get(20, TimeUnit.SECONDS).getListServicesResponse()
                .getServiceList().stream().map(ServiceResponse::getName).toList();
        requests.onCompleted();
        assertTrue(services.contains("flora.ledger.v1.LedgerService"), services.toString());
    }

    @Test
    void metrics_showAppendsBatchesCommitLatencyAndLedgerSize() throws Exception {
        try (LedgerClient client = new LedgerClient(url.getPort())) {
            client.as("eae-chemnitz").append(request("c-" + UUID.randomUUID(), "registered",
                    Map.of("federal_state", "DE-SN")));
        }
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("flora_appends_total"))
                .body(containsString("flora_append_batch_size_count"))
                .body(containsString("flora_append_commit_seconds_count"))
                .body(containsString("flora_ledger_size"));
    }
}
