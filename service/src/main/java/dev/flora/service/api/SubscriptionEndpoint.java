package dev.flora.service.api;

import dev.flora.api.ledger.v1.AcknowledgeRequest;
import dev.flora.api.ledger.v1.AcknowledgeResponse;
import dev.flora.api.ledger.v1.SubscribeRequest;
import dev.flora.api.ledger.v1.SubscriptionServiceGrpc;
import dev.flora.service.error.FloraException;
import dev.flora.service.error.GrpcErrors;
import dev.flora.service.grpc.CallContext;
import dev.flora.service.grpc.MethodRebinding;
import dev.flora.service.error.Reason;
import dev.flora.service.rules.Authority;
import dev.flora.service.security.Callers;
import dev.flora.service.subscribe.DurableSubscriptions;
import dev.flora.service.subscribe.EncodedResponse;
import dev.flora.service.subscribe.ResponseCapture;
import dev.flora.service.subscribe.FeedReads;
import dev.flora.service.subscribe.Subscriptions;
import io.grpc.MethodDescriptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * The gRPC face of subscriptions. Written against grpc-java's observer API rather than Mutiny,
 * because delivery follows the call's own flow control ({@code isReady}/{@code onReady}); see
 * {@link dev.flora.service.subscribe.Subscriptions}. Subscribe answers with {@link
 * EncodedResponse}s: the same bytes as SubscribeResponse on the wire, but encoded once and shared
 * by every subscriber that receives the same message.
 */
@GrpcService
public class SubscriptionEndpoint extends SubscriptionServiceGrpc.SubscriptionServiceImplBase {

    private final Callers callers;
    private final Subscriptions subscriptions;
    private final DurableSubscriptions durable;
    private final FeedReads reads;

    @Inject
    public SubscriptionEndpoint(Callers callers, Subscriptions subscriptions,
            DurableSubscriptions durable, FeedReads reads) {
        this.callers = callers;
        this.subscriptions = subscriptions;
        this.durable = durable;
        this.reads = reads;
    }

    /** Subscribe as the proto defines it, its responses marshalled by {@link EncodedResponse}. */
    static final MethodDescriptor<SubscribeRequest, EncodedResponse> SUBSCRIBE =
            SubscriptionServiceGrpc.getSubscribeMethod().toBuilder(
                    SubscriptionServiceGrpc.getSubscribeMethod().getRequestMarshaller(),
                    EncodedResponse.MARSHALLER).build();

    /** The generated service, with Subscribe bound to {@link #SUBSCRIBE}. */
    @Override
    public ServerServiceDefinition bindService() {
        return ServerInterceptors.intercept(MethodRebinding.rebind(super.bindService(), SUBSCRIBE,
                ServerCalls.asyncServerStreamingCall(this::subscribeEncoded)),
                new ResponseCapture());
    }

    void subscribeEncoded(SubscribeRequest request, StreamObserver<EncodedResponse> observer) {
        Subscriptions.Pending pending = subscriptions.prepare(
                (ServerCallStreamObserver<EncodedResponse>) observer);
        callers.current()
                .chain(caller -> SubscribePlan.of(caller, request, reads, subscriptions, durable))
                .subscribe().with(plan -> pending.open(plan.filter(), plan.startIndex(),
                        plan.maxPerMessage()), pending::fail);
    }

    @Override
    public void acknowledge(AcknowledgeRequest request,
            StreamObserver<AcknowledgeResponse> observer) {
        CallContext call = CallContext.current();
        callers.current().chain(caller -> acknowledge(caller, request)).emitOn(call)
                .subscribe().with(
                index -> {
                    observer.onNext(AcknowledgeResponse.newBuilder().setAcknowledgedIndex(index)
                            .build());
                    observer.onCompleted();
                }, failure -> observer.onError(GrpcErrors.toStatusException(failure)));
    }

    private Uni<Long> acknowledge(Authority caller, AcknowledgeRequest request) {
        SubscribePlan.checkDurableName(request.getDurableName(), "durable_name");
        return reads.size().chain(size -> {
            if (request.getIndex() < -1 || request.getIndex() >= size) {
                throw FloraException.of(Reason.OUT_OF_RANGE, "index " + request.getIndex()
                        + " is not in the ledger of size " + size, "index", request.getIndex(),
                        "tree_size", size);
            }
            return durable.acknowledge(caller.id(), request.getDurableName(), request.getIndex());
        });
    }
}
