package dev.flora.service.api;

import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.api.ledger.v1.AppendResponse;
import dev.flora.api.ledger.v1.AppendStreamResponse;
import dev.flora.api.ledger.v1.GetCaseRequest;
import dev.flora.api.ledger.v1.GetCaseResponse;
import dev.flora.api.ledger.v1.GetCheckpointRequest;
import dev.flora.api.ledger.v1.GetCheckpointResponse;
import dev.flora.api.ledger.v1.GetConsistencyProofRequest;
import dev.flora.api.ledger.v1.GetConsistencyProofResponse;
import dev.flora.api.ledger.v1.GetInclusionProofRequest;
import dev.flora.api.ledger.v1.GetInclusionProofResponse;
import dev.flora.api.ledger.v1.LedgerService;
import dev.flora.api.ledger.v1.ListEntriesRequest;
import dev.flora.api.ledger.v1.ListEntriesResponse;
import dev.flora.service.append.Appender;
import dev.flora.service.error.GrpcErrors;
import dev.flora.service.rules.Authority;
import dev.flora.service.security.Callers;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gRPC face of the ledger: maps requests to domain calls and every failure, in one place,
 * to a gRPC status ({@link GrpcErrors}). Reads are delegated to {@link LedgerReads}.
 */
@GrpcService
public class LedgerEndpoint implements LedgerService {

    private final Callers callers;
    private final Appender appender;
    private final LedgerReads reads;
    private final int streamWindow;

    @Inject
    public LedgerEndpoint(Callers callers, Appender appender, LedgerReads reads,
            @ConfigProperty(name = "flora.append.stream-window", defaultValue = "1024")
            int streamWindow) {
        this.callers = callers;
        this.appender = appender;
        this.reads = reads;
        this.streamWindow = streamWindow;
    }

    @Override
    public Uni<AppendResponse> append(AppendRequest request) {
        return callers.current().chain(caller -> appendOne(caller, request))
                .onFailure().transform(GrpcErrors::toStatusException);
    }

    @Override
    public Multi<AppendStreamResponse> appendStream(Multi<AppendRequest> requests) {
        Uni<Authority> caller = callers.current().memoize().indefinitely();
        return OrderedAcks.of(requests, request -> caller
                .chain(authority -> appendOne(authority, request))
                .map(response -> AppendStreamResponse.newBuilder()
                        .setRequestId(request.getRequestId()).setAppended(response).build())
                .onFailure().recoverWithItem(failure -> AppendStreamResponse.newBuilder()
                        .setRequestId(request.getRequestId())
                        .setError(GrpcErrors.toRpcStatus(failure)).build()), streamWindow);
    }

    private Uni<AppendResponse> appendOne(Authority caller, AppendRequest request) {
        return Uni.createFrom().item(() -> RequestMapping.toCommand(request, caller))
                .chain(appender::append)
                .map(ResponseMapping::toProto);
    }

    @Override
    public Uni<GetCaseResponse> getCase(GetCaseRequest request) {
        return callers.current().chain(caller -> reads.getCase(caller, request))
                .onFailure().transform(GrpcErrors::toStatusException);
    }

    @Override
    public Uni<ListEntriesResponse> listEntries(ListEntriesRequest request) {
        return callers.current().chain(caller -> reads.listEntries(request))
                .onFailure().transform(GrpcErrors::toStatusException);
    }

    @Override
    public Uni<GetCheckpointResponse> getCheckpoint(GetCheckpointRequest request) {
        return callers.current().chain(caller -> reads.getCheckpoint())
                .onFailure().transform(GrpcErrors::toStatusException);
    }

    @Override
    public Uni<GetInclusionProofResponse> getInclusionProof(GetInclusionProofRequest request) {
        return callers.current().chain(caller -> reads.getInclusionProof(request))
                .onFailure().transform(GrpcErrors::toStatusException);
    }

    @Override
    public Uni<GetConsistencyProofResponse> getConsistencyProof(
            GetConsistencyProofRequest request) {
        return callers.current().chain(caller -> reads.getConsistencyProof(request))
                .onFailure().transform(GrpcErrors::toStatusException);
    }
}
