package dev.flora.service.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.api.ledger.v1.AttributeValue;
import dev.flora.api.ledger.v1.LedgerServiceGrpc;
import dev.flora.api.ledger.v1.LedgerServiceGrpc.LedgerServiceBlockingStub;
import dev.flora.api.ledger.v1.LedgerServiceGrpc.LedgerServiceStub;
import dev.flora.api.ledger.v1.StatusChange;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real gRPC client of the service under test (plain grpc-java stubs over a TCP channel), with
 * helpers to build requests and to read error details.
 */
final class LedgerClient implements AutoCloseable {

    static final Metadata.Key<String> AUTHORITY =
            Metadata.Key.of("x-flora-authority", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;

    LedgerClient(int port) {
        channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    }

    /** A blocking stub acting as {@code authority}; null sends no identity. */
    LedgerServiceBlockingStub as(String authority) {
        LedgerServiceBlockingStub stub = LedgerServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS);
        return authority == null ? stub : stub.withInterceptors(
                MetadataUtils.newAttachHeadersInterceptor(header(authority)));
    }

    /** An async stub acting as {@code authority}. */
    LedgerServiceStub asyncAs(String authority) {
        return LedgerServiceGrpc.newStub(channel).withInterceptors(
                MetadataUtils.newAttachHeadersInterceptor(header(authority)));
    }

    /**
     * Sends {@code messages} on one AppendStream as {@code authority}, half-closes, and returns
     * the response messages once the stream completed.
     */
    java.util.List<dev.flora.api.ledger.v1.AppendStreamResponse> appendStream(String authority,
            java.util.List<java.util.List<AppendRequest>> messages) throws Exception {
        java.util.List<dev.flora.api.ledger.v1.AppendStreamResponse> responses =
                java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.CompletableFuture<Void> done =
                new java.util.concurrent.CompletableFuture<>();
        io.grpc.stub.StreamObserver<dev.flora.api.ledger.v1.AppendStreamRequest> out =
                asyncAs(authority).appendStream(new io.grpc.stub.StreamObserver<>() {
                    @Override
                    public void onNext(dev.flora.api.ledger.v1.AppendStreamResponse response) {
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
        for (java.util.List<AppendRequest> message : messages) {
            out.onNext(dev.flora.api.ledger.v1.AppendStreamRequest.newBuilder()
                    .addAllRequests(message).build());
        }
        out.onCompleted();
        done.get(60, TimeUnit.SECONDS);
        return responses;
    }

    private static Metadata header(String authority) {
        Metadata metadata = new Metadata();
        metadata.put(AUTHORITY, authority);
        return metadata;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    static AppendRequest request(String caseRef, String eventType, Map<String, Object> attributes) {
        StatusChange.Builder change = StatusChange.newBuilder().setCaseRef(caseRef)
                .setEventType(eventType).setEffectiveTime(timestamp(Instant.parse(
                        "2026-11-27T08:00:00Z")));
        attributes.forEach((key, value) -> change.putAttributes(key, attribute(value)));
        return AppendRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setChange(change).build();
    }

    static AttributeValue attribute(Object value) {
        if (value instanceof String text) {
            return AttributeValue.newBuilder().setTextValue(text).build();
        }
        if (value instanceof Boolean bool) {
            return AttributeValue.newBuilder().setBoolValue(bool).build();
        }
        return AttributeValue.newBuilder().setIntValue(((Number) value).longValue()).build();
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano()).build();
    }

    /** The ErrorInfo of a failed call. */
    static ErrorInfo errorInfo(StatusRuntimeException e) {
        return detail(StatusProto.fromThrowable(e), ErrorInfo.class);
    }

    /** The BadRequest of a failed call, or null. */
    static BadRequest badRequest(StatusRuntimeException e) {
        return detail(StatusProto.fromThrowable(e), BadRequest.class);
    }

    static <T extends com.google.protobuf.Message> T detail(com.google.rpc.Status status,
            Class<T> type) {
        if (status == null) {
            return null;
        }
        for (com.google.protobuf.Any any : status.getDetailsList()) {
            if (any.is(type)) {
                try {
                    return any.unpack(type);
                } catch (InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return null;
    }
}
