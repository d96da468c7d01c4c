package dev.flora.service.grpc;

import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;

/**
 * Binds one method of a generated service anew, with other marshallers (e.g. responses already in
 * their wire form) and its own handler; the service's other methods and its schema descriptor
 * (for server reflection) stay as generated.
 */
public final class MethodRebinding {

    private MethodRebinding() {
    }

    /**
     * {@code generated} with the method of {@code method}'s full name bound to {@code method}
     * and {@code handler}.
     */
    public static <Q, A> ServerServiceDefinition rebind(ServerServiceDefinition generated,
            MethodDescriptor<Q, A> method, ServerCallHandler<Q, A> handler) {
        ServiceDescriptor.Builder descriptor = ServiceDescriptor
                .newBuilder(generated.getServiceDescriptor().getName())
                .setSchemaDescriptor(generated.getServiceDescriptor().getSchemaDescriptor())
                .addMethod(method);
        for (ServerMethodDefinition<?, ?> other : generated.getMethods()) {
            if (!other.getMethodDescriptor().getFullMethodName()
                    .equals(method.getFullMethodName())) {
                descriptor.addMethod(other.getMethodDescriptor());
            }
        }
        ServerServiceDefinition.Builder service = ServerServiceDefinition
                .builder(descriptor.build()).addMethod(method, handler);
        for (ServerMethodDefinition<?, ?> other : generated.getMethods()) {
            if (!other.getMethodDescriptor().getFullMethodName()
                    .equals(method.getFullMethodName())) {
                service.addMethod(other);
            }
        }
        return service.build();
    }
}
