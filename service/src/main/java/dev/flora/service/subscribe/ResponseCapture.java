package dev.flora.service.subscribe;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Makes the HTTP/2 response under a Subscribe call available to the service method
 * ({@link #RESPONSE}), so that a stream can (1) learn when its client's connection closes, which
 * vert.x-grpc reports to gRPC only for a RST_STREAM CANCEL, not for a connection that just goes
 * away, and (2) write pre-framed messages shared by many subscribers without vert.x-grpc copying
 * each one into new arrays per subscriber.
 *
 * <p>Quarkus' Vert.x gRPC transport keeps the call's {@link RoutingContext} as a local of the
 * Vert.x context while the call starts; where it does not (another transport), {@link #RESPONSE}
 * is null and streams use plain gRPC.
 */
public final class ResponseCapture implements ServerInterceptor {

    /** The HTTP/2 response of the current call, or null if the transport does not expose it. */
    public static final Context.Key<HttpServerResponse> RESPONSE = Context.key("flora-http-response");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        io.vertx.core.Context vertx = io.vertx.core.Vertx.currentContext();
        Object local = vertx == null ? null : vertx.getLocal(RoutingContext.class.getName());
        if (!(local instanceof RoutingContext routing)) {
            return next.startCall(call, headers);
        }
        return Contexts.interceptCall(Context.current().withValue(RESPONSE, routing.response()),
                call, headers, next);
    }
}
