package dev.flora.service.grpc;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * A message already in its wire form, as a marshaller hands it to gRPC: gRPC drains a
 * {@link Drainable} with one write of the whole message, and sizes its frame from
 * {@link KnownLength}, instead of encoding a message object.
 */
public final class WireStream extends ByteArrayInputStream implements Drainable, KnownLength {

    /** {@code bytes} MUST NOT change afterwards; they are not copied. */
    public WireStream(byte[] bytes) {
        super(bytes);
    }

    /**
     * A marshaller that hands gRPC the wire form {@code bytes} gives of a message, and makes one
     * from received bytes with {@code parse}.
     */
    public static <T> MethodDescriptor.Marshaller<T> marshaller(Function<T, byte[]> bytes,
            Function<byte[], T> parse) {
        return new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(T value) {
                return new WireStream(bytes.apply(value));
            }

            @Override
            public T parse(InputStream stream) {
                try {
                    return parse.apply(stream.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    @Override
    public synchronized int drainTo(OutputStream target) throws IOException {
        int n = count - pos;
        target.write(buf, pos, n);
        pos = count;
        return n;
    }
}
