package dev.flora.service.grpc;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;

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

    @Override
    public synchronized int drainTo(OutputStream target) throws IOException {
        int n = count - pos;
        target.write(buf, pos, n);
        pos = count;
        return n;
    }
}
