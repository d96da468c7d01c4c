package dev.flora.service.replica;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.rpc.ErrorInfo;
import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.api.ledger.v1.AppendResponse;
import dev.flora.api.ledger.v1.AppendResult;
import dev.flora.api.ledger.v1.AppendStreamRequest;
import dev.flora.api.ledger.v1.AppendStreamResponse;
import dev.flora.api.ledger.v1.AttributeValue;
import dev.flora.api.ledger.v1.LedgerServiceGrpc;
import dev.flora.api.ledger.v1.LedgerServiceGrpc.LedgerServiceBlockingStub;
import dev.flora.api.ledger.v1.StatusChange;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A gRPC client of one replica (plain grpc-java stubs over a plaintext TCP channel), acting as
 * the authority it names in the {@code x-flora-authority} metadata.
 */
final class ReplicaClient implements AutoCloseable {

    private static final Metadata.Key<String> AUTHORITY =
            Metadata.Key.of("x-flora-authority", Metadata.ASCII_STRING_MARSHALLER);
    private static final Timestamp EFFECTIVE = Timestamp.newBuilder().setSeconds(1795766400).build();

    private final String replica;
    private final ManagedChannel channel;

    ReplicaClient(ServiceProcess process) {
        this.replica = process.name();
        this.channel = ManagedChannelBuilder.forAddress("localhost", process.port())
                .usePlaintext().build();
    }

    /** The name of the replica this client talks to. */
    String replica() {
        return replica;
    }

    /** A blocking stub acting as {@code authority}, with a 30 s deadline per call. */
    LedgerServiceBlockingStub as(String authority) {
        return LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(header(authority)));
    }

    /** A blocking subscription stub acting as {@code authority}, with a deadline per call. */
    dev.flora.api.ledger.v1.SubscriptionServiceGrpc.SubscriptionServiceBlockingStub subscriptions(
            String authority, long deadlineSeconds) {
        return dev.flora.api.ledger.v1.SubscriptionServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(header(authority)));
    }

    /** Unary Append as {@code authority}. */
    AppendResponse append(String authority, AppendRequest request) {
        return as(authority).append(request);
    }

    /**
     * What came back on one AppendStream: the per-append results of the answered messages in
     * arrival order, and how it ended.
     */
    record Streamed(List<AppendResult> responses, Throwable failure) {
    }

    /** Appends per AppendStream message: several messages per stream, several appends each. */
    static final int PER_MESSAGE = 25;

    /**
     * Sends all {@code requests} on one AppendStream as {@code authority}, half-closes, and
     * waits for the stream to end.
     *
     * @throws ExecutionException if the stream fails as a whole
     */
    List<AppendResult> appendStream(String authority, List<AppendRequest> requests)
            throws InterruptedException, ExecutionException, TimeoutException {
        Streamed streamed = appendStreamUntilEnd(authority, requests);
        if (streamed.failure() != null) {
            throw new ExecutionException("AppendStream on " + replica + " failed after "
                    + streamed.responses().size() + " responses", streamed.failure());
        }
        return streamed.responses();
    }

    /** Like {@link #appendStream}, but a failed stream returns what arrived before it failed. */
    Streamed appendStreamUntilEnd(String authority, List<AppendRequest> requests)
            throws InterruptedException, TimeoutException {
        List<AppendResult> responses = new ArrayList<>(requests.size());
        CompletableFuture<Throwable> end = new CompletableFuture<>();
        StreamObserver<AppendStreamRequest> out = LedgerServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(header(authority)))
                .appendStream(new StreamObserver<>() {
                    @Override
                    public void onNext(AppendStreamResponse response) {
                        synchronized (responses) {
                            responses.addAll(response.getResultsList());
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        end.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        end.complete(null);
                    }
                });
        for (int i = 0; i < requests.size(); i += PER_MESSAGE) {
            out.onNext(AppendStreamRequest.newBuilder().addAllRequests(
                    requests.subList(i, Math.min(requests.size(), i + PER_MESSAGE))).build());
        }
        out.onCompleted();
        Throwable failure;
        try {
            failure = end.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException impossible) {
            throw new AssertionError(impossible);
        }
        synchronized (responses) {
            return new Streamed(List.copyOf(responses), failure);
        }
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

    /** A request with a fresh request id; {@code attributes} alternate key, text value. */
    static AppendRequest request(String caseRef, String eventType, String... attributes) {
        StatusChange.Builder change = StatusChange.newBuilder().setCaseRef(caseRef)
                .setEventType(eventType).setEffectiveTime(EFFECTIVE);
        for (int i = 0; i < attributes.length; i += 2) {
            change.putAttributes(attributes[i],
                    AttributeValue.newBuilder().setTextValue(attributes[i + 1]).build());
        }
        return AppendRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setChange(change).build();
    }

    /** A request registering a new case in Saxony. */
    static AppendRequest registration() {
        return request("c-" + UUID.randomUUID(), "registered", "federal_state", "DE-SN");
    }

    /** The ErrorInfo of a failed call or stream response status, or null. */
    static ErrorInfo errorInfo(com.google.rpc.Status status) {
        for (com.google.protobuf.Any any : status.getDetailsList()) {
            if (any.is(ErrorInfo.class)) {
                try {
                    return any.unpack(ErrorInfo.class);
                } catch (InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return null;
    }

    static ErrorInfo errorInfo(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        return status == null ? null : errorInfo(status);
    }

    /** The ErrorInfo reason of a failed call, or null. */
    static String reason(StatusRuntimeException e) {
        ErrorInfo info = errorInfo(e);
        return info == null ? null : info.getReason();
    }
}
