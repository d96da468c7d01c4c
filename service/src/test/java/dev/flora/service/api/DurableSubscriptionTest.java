package dev.flora.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.rpc.ErrorInfo;
import dev.flora.api.ledger.v1.AcknowledgeRequest;
import dev.flora.api.ledger.v1.Filter;
import dev.flora.api.ledger.v1.StartPosition;
import dev.flora.api.ledger.v1.SubscribeRequest;
import dev.flora.api.ledger.v1.SubscriptionServiceGrpc;
import dev.flora.api.ledger.v1.SubscriptionServiceGrpc.SubscriptionServiceBlockingStub;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server keeps a durable subscription's position; bad subscribe requests are refused. */
@QuarkusTest
@Timeout(60)
class DurableSubscriptionTest extends GrpcTestBase {

    static final Duration WAIT = Duration.ofSeconds(30);

    SubscriptionServiceBlockingStub subscriptions(String authority) {
        Metadata metadata = new Metadata();
        metadata.put(LedgerClient.AUTHORITY, authority);
        return SubscriptionServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
    }

    long append() {
        return client.as("eae-chemnitz").append(LedgerClient.request("c-" + UUID.randomUUID(),
                "registered", Map.of("federal_state", "DE-SN"))).getIndex();
    }

    @Test
    void durableSubscription_continuesAfterItsAcknowledgement_afterAReconnect()
            throws Exception {
        String name = "abh-sync-" + UUID.randomUUID().toString().substring(0, 8);
        long first = append();
        append();
        long third = append();
        SubscribeRequest create = SubscribeRequest.newBuilder().setDurableName(name)
                .setStart(StartPosition.newBuilder().setAfterIndex(first - 1)).build();
        TestSubscriber subscriber = TestSubscriber.open(channel, "abh-leipzig", create);
        subscriber.readUntil(s -> s.position >= third, WAIT);
        subscriber.cancel();
        assertEquals(first, subscriber.entries.get(0).getIndex());

        long acknowledged = subscriptions("abh-leipzig").acknowledge(AcknowledgeRequest
                .newBuilder().setDurableName(name).setIndex(first).build()).getAcknowledgedIndex();
        assertEquals(first, acknowledged);
        assertEquals(first, subscriptions("abh-leipzig").acknowledge(AcknowledgeRequest
                .newBuilder().setDurableName(name).setIndex(first - 1).build())
                .getAcknowledgedIndex(), "an older acknowledgement changes nothing");

        TestSubscriber again = TestSubscriber.open(channel, "abh-leipzig",
                SubscribeRequest.newBuilder().setDurableName(name).build());
        again.readUntil(s -> !s.entries.isEmpty(), WAIT);
        again.cancel();
        assertEquals(first + 1, again.entries.get(0).getIndex());
    }

    @Test
    void durableNames_belongToTheirAuthority() {
        long index = append();
        StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(
                StatusRuntimeException.class, () -> subscriptions("abh-berlin").acknowledge(
                        AcknowledgeRequest.newBuilder().setDurableName("nobody-has-this")
                                .setIndex(index).build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("SUBSCRIPTION_NOT_FOUND", reason(e));
    }

    @Test
    void invalidSubscribeRequests_areRefusedWithTheirReason() throws Exception {
        assertRefused(SubscribeRequest.newBuilder().build(), Status.Code.INVALID_ARGUMENT,
                "INVALID_FIELD");
        assertRefused(SubscribeRequest.newBuilder().setStart(StartPosition.newBuilder()
                .setBeginning(true)).setFilter(Filter.newBuilder().addFederalStates("DE-XX"))
                .build(), Status.Code.INVALID_ARGUMENT, "INVALID_FIELD");
        assertRefused(SubscribeRequest.newBuilder().setStart(StartPosition.newBuilder()
                .setBeginning(true)).setMaxEntriesPerMessage(5000).build(),
                Status.Code.INVALID_ARGUMENT, "INVALID_FIELD");
        assertRefused(SubscribeRequest.newBuilder().setStart(StartPosition.newBuilder()
                .setAfterIndex(Long.MAX_VALUE - 1)).build(), Status.Code.OUT_OF_RANGE,
                "OUT_OF_RANGE");
    }

    void assertRefused(SubscribeRequest request, Status.Code code, String reason)
            throws Exception {
        TestSubscriber subscriber = TestSubscriber.open(channel, "abh-leipzig", request);
        Throwable error = subscriber.error(WAIT);
        StatusRuntimeException e = (StatusRuntimeException) error;
        assertEquals(code, e.getStatus().getCode(), e.toString());
        assertEquals(reason, reason(e));
    }

    static String reason(StatusRuntimeException e) {
        return LedgerClient.detail(StatusProto.fromThrowable(e), ErrorInfo.class).getReason();
    }
}
