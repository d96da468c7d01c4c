package dev.flora.service.subscribe;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.flora.api.ledger.v1.SubscribeResponse;
import dev.flora.service.grpc.WireStream;
import io.grpc.MethodDescriptor;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One {@code SubscribeResponse} already in its wire form, so that the same message can go to many
 * subscribers without being encoded again: gRPC sends these bytes through {@link #MARSHALLER}.
 *
 * <p>An entries message is exactly what the generated class would write for a SubscribeResponse
 * with {@code resume_after_index} (field 1, omitted when 0) and {@code entries} (field 2, an
 * EntryBatch): because a repeated field's encodings concatenate, the EntryBatch is the
 * concatenation of the entries' pre-encoded {@link LiveEntry#wire()} bytes.
 */
public final class EncodedResponse {

    /** Marshals encoded responses by handing gRPC their bytes (one write, no re-encoding). */
    public static final MethodDescriptor.Marshaller<EncodedResponse> MARSHALLER =
            WireStream.marshaller(response -> response.bytes, EncodedResponse::parse);

    private final byte[] bytes;
    private final long resumeAfterIndex;
    private volatile Buffer framed;

    private EncodedResponse(byte[] bytes, long resumeAfterIndex) {
        this.bytes = bytes;
        this.resumeAfterIndex = resumeAfterIndex;
    }

    /** A message built by the generated class (control messages: caught up, progress, ...). */
    public static EncodedResponse of(SubscribeResponse message) {
        return new EncodedResponse(message.toByteArray(), message.getResumeAfterIndex());
    }

    /**
     * An entries message: {@code entries} (at least one, in index order) and the position
     * after them, {@code resumeAfterIndex}.
     */
    static EncodedResponse entries(long resumeAfterIndex, List<LiveEntry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("an entries message needs entries, got none");
        }
        int batch = 0;
        for (LiveEntry entry : entries) {
            batch += entry.wire().size();
        }
        int head = (resumeAfterIndex == 0 ? 0 : CodedOutputStream.computeInt64Size(
                SubscribeResponse.RESUME_AFTER_INDEX_FIELD_NUMBER, resumeAfterIndex))
                + CodedOutputStream.computeTagSize(SubscribeResponse.ENTRIES_FIELD_NUMBER)
                + CodedOutputStream.computeUInt32SizeNoTag(batch);
        byte[] bytes = new byte[head + batch];
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(bytes, 0, head);
            if (resumeAfterIndex != 0) {
                out.writeInt64(SubscribeResponse.RESUME_AFTER_INDEX_FIELD_NUMBER, resumeAfterIndex);
            }
            out.writeTag(SubscribeResponse.ENTRIES_FIELD_NUMBER,
                    WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(batch);
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int at = head;
        for (LiveEntry entry : entries) {
            entry.wire().copyTo(bytes, at);
            at += entry.wire().size();
        }
        return new EncodedResponse(bytes, resumeAfterIndex);
    }

    private static EncodedResponse parse(byte[] bytes) {
        try {
            return of(SubscribeResponse.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a SubscribeResponse", e);
        }
    }

    /** The position a client resumes from after this message. */
    public long resumeAfterIndex() {
        return resumeAfterIndex;
    }

    /** The wire form; a copy. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    int size() {
        return bytes.length;
    }

    /**
     * This message as one gRPC length-prefixed message (flag 0: not compressed, 4-byte big-endian
     * length, the bytes), made once and written as is to every call that sends it. It lives in
     * a direct buffer that the garbage collector frees (never released by hand), so sockets
     * write it without a copy.
     */
    Buffer framed() {
        Buffer f = framed;
        if (f == null) {
            ByteBuffer direct = ByteBuffer.allocateDirect(5 + bytes.length);
            direct.put((byte) 0).putInt(bytes.length).put(bytes).flip();
            f = Buffer.buffer(Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct)));
            framed = f;
        }
        return f;
    }
}
