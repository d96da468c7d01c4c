package dev.flora.service.subscribe;

import io.grpc.stub.ServerCallStreamObserver;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes a stream's messages to its call. With the call's HTTP/2 response at hand, every message
 * after the first (which goes through gRPC and so sends the response headers) is written as the
 * shared, already framed bytes of {@link EncodedResponse#framed()}: no copy per subscriber, and
 * readiness is the response's own write queue. Without it, everything goes through gRPC.
 *
 * <p>MUST be used on the call's own event loop only, like every write to a call.
 */
final class CallWriter {

    private final ServerCallStreamObserver<EncodedResponse> out;
    private final HttpServerResponse http;
    private boolean headersSent;

    /** @param http the call's HTTP/2 response, or null */
    CallWriter(ServerCallStreamObserver<EncodedResponse> out, HttpServerResponse http,
            Runnable onDrain) {
        this.out = out;
        this.http = http;
        if (http != null) {
            // Replaces vert.x-grpc's own drain handler: after the first message it no longer
            // writes to this response, so only this stream needs to hear that it drained.
            http.drainHandler(ignored -> onDrain.run());
        }
    }

    boolean isReady() {
        return http != null && headersSent ? !http.writeQueueFull() : out.isReady();
    }

    void write(EncodedResponse message) {
        if (http != null && headersSent) {
            http.write(message.framed());
        } else {
            out.onNext(message);
            headersSent = true;
        }
    }
}
