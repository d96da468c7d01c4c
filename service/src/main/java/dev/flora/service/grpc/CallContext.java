package dev.flora.service.grpc;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;

/**
 * The Vert.x context (event loop) a gRPC call runs on. Everything written to a call MUST be
 * written on its own context: vert.x-grpc locks the call's write stream and its HTTP/2
 * connection in one order when the application writes and in the other when the connection
 * reports writability, so a write from another event loop (e.g. the one that committed a batch)
 * can deadlock both loops. Capture it when the service method starts, then run writes through it.
 */
public final class CallContext implements Executor {

    private final Context context;

    private CallContext(Context context) {
        this.context = context;
    }

    /** The context of the calling thread; MUST be called inside the service method. */
    public static CallContext current() {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("not on a Vert.x context: capture the call's context"
                    + " inside the gRPC service method");
        }
        return new CallContext(context);
    }

    /** Runs {@code task} on the call's context: at once if already there, else scheduled. */
    @Override
    public void execute(Runnable task) {
        if (Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(ignored -> task.run());
        }
    }
}
