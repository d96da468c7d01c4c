package dev.flora.service.error;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.jboss.logging.Logger;

/**
 * The one place where failures become gRPC statuses (AIP-193): a {@code google.rpc.Status} with
 * the canonical code, a message, an {@code ErrorInfo} (reason, domain {@value #DOMAIN},
 * metadata) and, for invalid fields, a {@code BadRequest}. Anything that is not a
 * {@link FloraException} is a bug and becomes INTERNAL without leaking its message.
 */
public final class GrpcErrors {

    /** The ErrorInfo domain of every Flora error. */
    public static final String DOMAIN = "flora.dev";

    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    /** The exception to fail a gRPC call with. */
    public static StatusRuntimeException toStatusException(Throwable failure) {
        if (failure instanceof StatusRuntimeException already) {
            return already;
        }
        if (failure instanceof StatusException checked) {
            return checked.getStatus().asRuntimeException(checked.getTrailers());
        }
        return StatusProto.toStatusRuntimeException(toRpcStatus(failure));
    }

    /** The {@code google.rpc.Status} describing {@code failure}, e.g. for a streamed response. */
    public static Status toRpcStatus(Throwable failure) {
        FloraException flora = asFlora(failure);
        Status.Builder status = Status.newBuilder()
                .setCode(flora.reason().code().value())
                .setMessage(flora.getMessage())
                .addDetails(Any.pack(ErrorInfo.newBuilder()
                        .setReason(flora.reason().name())
                        .setDomain(DOMAIN)
                        .putAllMetadata(flora.metadata())
                        .build()));
        if (!flora.violations().isEmpty()) {
            BadRequest.Builder badRequest = BadRequest.newBuilder();
            for (FloraException.FieldViolation v : flora.violations()) {
                badRequest.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                        .setField(v.field()).setDescription(v.description()));
            }
            status.addDetails(Any.pack(badRequest.build()));
        }
        return status.build();
    }

    private static FloraException asFlora(Throwable failure) {
        Throwable t = failure;
        while (t != null) {
            if (t instanceof FloraException flora) {
                return flora;
            }
            t = t.getCause();
        }
        LOG.error("unexpected failure, answering INTERNAL", failure);
        return FloraException.of(Reason.INTERNAL, "internal error");
    }
}
