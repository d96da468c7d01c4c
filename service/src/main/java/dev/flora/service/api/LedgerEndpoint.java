package dev.flora.service.api;

import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.api.ledger.v1.AppendResponse;
import dev.flora.api.ledger.v1.GetCaseRequest;
import dev.flora.api.ledger.v1.GetCaseResponse;
import dev.flora.api.ledger.v1.GetCheckpointRequest;
import dev.flora.api.ledger.v1.GetCheckpointResponse;
import dev.flora.api.ledger.v1.GetConsistencyProofRequest;
import dev.flora.api.ledger.v1.GetConsistencyProofResponse;
import dev.flora.api.ledger.v1.GetInclusionProofRequest;
import dev.flora.api.ledger.v1.GetInclusionProofResponse;
import dev.flora.api.ledger.v1.LedgerServiceGrpc;
import dev.flora.api.ledger.v1.ListEntriesRequest;
import dev.flora.api.ledger.v1.ListEntriesResponse;
import dev.flora.api.ledger.v1.MutinyLedgerServiceGrpc;
import dev.flora.service.append.AppendCommand;
import dev.flora.service.append.Appender;
import dev.flora.service.error.FloraException;
import dev.flora.service.error.GrpcErrors;
import dev.flora.service.grpc.CallContext;
import dev.flora.service.grpc.MethodRebinding;
import dev.flora.service.rules.Authority;
import dev.flora.service.security.Callers;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gRPC face of the ledger: maps requests to domain calls and every failure, in one place,
 * to a gRPC status ({@link GrpcErrors}). Reads are delegated to {@link LedgerReads}.
 */
@GrpcService
public class LedgerEndpoint extends MutinyLedgerServiceGrpc.LedgerServiceImplBase {

    private final Callers callers;
    private final Appender appender;
    private final LedgerReads reads;
    private final int streamWindow;

    @Inject
    public LedgerEndpoint(Callers callers, Appender appender, LedgerReads reads,
            @ConfigProperty(name = "flora.append.stream-window", defaultValue = "16")
            int streamWindow) {
        this.callers = callers;
        this.appender = appender;
        this.reads = reads;
        this.streamWindow = streamWindow;
    }

    @Override
    public Uni<AppendResponse> append(AppendRequest request) {
        CallContext call = CallContext.current();
        return callers.current().chain(caller -> appendOne(caller, request)).emitOn(call)
                .onFailure().transform(GrpcErrors::toStatusException);
    }

    /**
     * AppendStream as the proto defines it, its requests read and its responses written in
     * their wire form.
     */
    static final MethodDescriptor<WireAppendRequests, EncodedAppendStreamResponse>
            APPEND_STREAM = LedgerServiceGrpc.getAppendStreamMethod().toBuilder(
                    WireAppendRequests.MARSHALLER, EncodedAppendStreamResponse.MARSHALLER).build();

    /** The generated service, with AppendStream bound to {@link #APPEND_STREAM}. */
    @Override
    public ServerServiceDefinition bindService() {
        return MethodRebinding.rebind(super.bindService(), APPEND_STREAM,
                ServerCalls.asyncBidiStreamingCall(responses -> io.quarkus.grpc.stubs.ServerCalls
                        .manyToMany(responses, this::appendStreamEncoded)));
    }

    /** AppendStream (bound in {@link #bindService}). */
    Multi<EncodedAppendStreamResponse> appendStreamEncoded(Multi<WireAppendRequests> requests) {
        Uni<Authority> caller = callers.current().memoize().indefinitely();
        return OrderedAcks.of(requests, CallContext.current(), message -> caller
                .chain(authority -> appendMessage(authority, message))
                .onFailure().recoverWithItem(failure -> allFailed(message, failure)),
                streamWindow);
    }

    /** Appends the requests of one stream message as one group; one result per request. */
    private Uni<EncodedAppendStreamResponse> appendMessage(Authority caller,
            WireAppendRequests message) {
        int count = message.count();
        if (count > appender.maxGroup()) {
            return Uni.createFrom().item(allFailed(message, FloraException.invalidFields(List.of(
                    new FloraException.FieldViolation("requests", count + " appends in one"
                            + " message, at most " + appender.maxGroup())))));
        }
        Object[] outcomes = new Object[count];
        List<AppendCommand> commands = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            try {
                commands.add(RequestMapping.toCommand(message.request(i), caller));
            } catch (FloraException invalid) {
                outcomes[i] = invalid;
            }
        }
        Uni<List<Object>> committed = commands.isEmpty() ? Uni.createFrom().item(List.of())
                : appender.appendAll(commands);
        return committed.map(results -> {
            EncodedAppendStreamResponse.Builder response =
                    new EncodedAppendStreamResponse.Builder(count);
            int next = 0;
            for (int i = 0; i < count; i++) {
                response.add(message.request(i).requestId(),
                        outcomes[i] != null ? outcomes[i] : results.get(next++));
            }
            return response.build();
        });
    }

    /** The answer to a message none of whose appends could be committed. */
    private static EncodedAppendStreamResponse allFailed(WireAppendRequests message,
            Throwable failure) {
        EncodedAppendStreamResponse.Builder response =
                new EncodedAppendStreamResponse.Builder(message.count());
        for (int i = 0; i < message.count(); i++) {
            response.add(message.request(i).requestId(), failure);
        }
        return response.build();
    }

    private Uni<AppendResponse> appendOne(Authority caller, AppendRequest request) {
        return Uni.createFrom().item(() -> RequestMapping.toCommand(request, caller))
                .chain(appender::append)
                .map(ResponseMapping::toProto);
    }

    @Override
    public Uni<GetCaseResponse> getCase(GetCaseRequest request) {
        CallContext call = CallContext.current();
        return callers.current().chain(caller -> reads.getCase(caller, request)).emitOn(call)
                .onFailure().transform(GrpcErrors::toStatusException);
    }

    @Override
    public Uni<ListEntriesResponse> listEntries(ListEntriesRequest request) {
        CallContext call = CallContext.current();
        return callers.current().chain(caller -> reads.listEntries(request)).emitOn(call)
                .onFailure().transform(GrpcErrors::toStatusException);
    }

    @Override
    public Uni<GetCheckpointResponse> getCheckpoint(GetCheckpointRequest request) {
        CallContext call = CallContext.current();
        return callers.current().chain(caller -> reads.getCheckpoint()).emitOn(call)
                .onFailure().transform(GrpcErrors::toStatusException);
    }

    @Override
    public Uni<GetInclusionProofResponse> getInclusionProof(GetInclusionProofRequest request) {
        CallContext call = CallContext.current();
        return callers.current().chain(caller -> reads.getInclusionProof(request)).emitOn(call)
                .onFailure().transform(GrpcErrors::toStatusException);
    }

    @Override
    public Uni<GetConsistencyProofResponse> getConsistencyProof(
            GetConsistencyProofRequest request) {
        CallContext call = CallContext.current();
        return callers.current().chain(caller -> reads.getConsistencyProof(request)).emitOn(call)
                .onFailure().transform(GrpcErrors::toStatusException);
    }
}
