package dev.flora.service.security;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Puts the identity the caller presented into the gRPC {@link Context} of its call, where
 * {@link Callers} reads it. In {@link AuthMode#DEV_METADATA} the identity is the value of the
 * {@code x-flora-authority} metadata; nothing else is trusted.
 */
@ApplicationScoped
@GlobalInterceptor
public class CallerInterceptor implements ServerInterceptor {

    /** The call metadata naming the caller's authority in development mode. */
    public static final Metadata.Key<String> AUTHORITY_HEADER =
            Metadata.Key.of("x-flora-authority", Metadata.ASCII_STRING_MARSHALLER);

    static final Context.Key<String> PRESENTED_AUTHORITY = Context.key("flora-authority");

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        String presented = headers.get(AUTHORITY_HEADER);
        Context context = Context.current().withValue(PRESENTED_AUTHORITY, presented);
        return Contexts.interceptCall(context, call, headers, next);
    }
}
