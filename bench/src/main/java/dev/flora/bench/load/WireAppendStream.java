package dev.flora.bench.load;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.flora.api.ledger.v1.AppendResult;
import dev.flora.api.ledger.v1.AppendStreamResponse;
import dev.flora.api.ledger.v1.LedgerServiceGrpc;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * AppendStream with its messages in their wire form: requests as the bytes
 * {@link AppendRequests#nextMessage} writes, responses read only as far as the load needs (how
 * many results were appended, how many failed, and the first failure). The service sees the same
 * call as from the generated stub.
 */
final class WireAppendStream {
    /** What one AppendStreamResponse answered. */
    record Answer(int appended, int failed, AppendResult firstFailure) {
    }

    static final MethodDescriptor<byte[], Answer> METHOD = LedgerServiceGrpc.getAppendStreamMethod()
            .toBuilder(new RequestMarshaller(), new AnswerMarshaller()).build();

    private static final int RESULTS = 1;
    private static final int APPENDED = 2;
    private static final int ERROR = 3;

    private WireAppendStream() {
    }

    /** Reads an AppendStreamResponse's wire form: each result appended or failed. */
    static Answer read(byte[] message) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(message);
        int appended = 0;
        int failed = 0;
        int firstFailure = -1;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) != RESULTS
                    || WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                in.skipField(tag);
                continue;
            }
            int limit = in.pushLimit(in.readRawVarint32());
            int outcome = 0;
            for (int field = in.readTag(); field != 0; field = in.readTag()) {
                int number = WireFormat.getTagFieldNumber(field);
                if (number == APPENDED || number == ERROR) {
                    outcome = number;
                }
                in.skipField(field);
            }
            in.popLimit(limit);
            if (outcome == APPENDED) {
                appended++;
            } else {
                // an error, or neither: a result without an outcome is a failure too
                if (failed++ == 0) {
                    firstFailure = appended + failed - 1;
                }
            }
        }
        AppendResult first = firstFailure < 0 ? null
                : AppendStreamResponse.parseFrom(message).getResults(firstFailure);
        return new Answer(appended, failed, first);
    }

    private static final class RequestMarshaller implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new BytesStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            throw new UnsupportedOperationException("the client only sends requests");
        }
    }

    private static final class AnswerMarshaller implements MethodDescriptor.Marshaller<Answer> {
        @Override
        public InputStream stream(Answer value) {
            throw new UnsupportedOperationException("the client only reads answers");
        }

        @Override
        public Answer parse(InputStream stream) {
            try {
                return read(stream.readAllBytes());
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("an AppendStreamResponse that does not parse", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A message's bytes, which gRPC copies into its frames in one write. */
    private static final class BytesStream extends ByteArrayInputStream implements KnownLength, Drainable {
        BytesStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int length = count - pos;
            target.write(buf, pos, length);
            pos = count;
            return length;
        }
    }
}
