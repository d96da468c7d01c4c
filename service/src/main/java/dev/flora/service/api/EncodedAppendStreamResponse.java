package dev.flora.service.api;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Timestamp;
import com.google.protobuf.WireFormat;
import dev.flora.api.ledger.v1.AppendResponse;
import dev.flora.api.ledger.v1.AppendResult;
import dev.flora.api.ledger.v1.AppendStreamResponse;
import dev.flora.ledger.hash.Digest;
import dev.flora.service.error.GrpcErrors;
import dev.flora.service.grpc.WireStream;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One {@code AppendStreamResponse} written in its wire form straight from the outcomes of the
 * appends, exactly as the generated class would write it, without building a message object per
 * result (the generated messages, their sizes and their encoding through a stream were ~13% of
 * the service's CPU samples in the stream benchmark). gRPC sends the bytes through
 * {@link #MARSHALLER}.
 *
 * <p>A committed append is written field by field ({@link AppendResult}: request_id 1,
 * appended 2; {@link AppendResponse}: index 1, leaf_hash 2, recorded_time 3, case_revision 4;
 * {@link Timestamp}: seconds 1, nanos 2; proto3 leaves out fields that hold their default); a
 * failed one, rare, is built as a message and copied in.
 */
final class EncodedAppendStreamResponse {

    /** Marshals encoded responses by handing gRPC their bytes. */
    static final MethodDescriptor.Marshaller<EncodedAppendStreamResponse> MARSHALLER =
            WireStream.marshaller(response -> response.bytes, EncodedAppendStreamResponse::new);

    private static final int RESULTS = AppendStreamResponse.RESULTS_FIELD_NUMBER;

    private final byte[] bytes;

    private EncodedAppendStreamResponse(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The wire form; a copy. */
    byte[] toByteArray() {
        return bytes.clone();
    }

    /** Collects the results of one message, in request order. */
    static final class Builder {
        private final String[] requestIds;
        private final Object[] outcomes;
        private int count;

        Builder(int results) {
            requestIds = new String[results];
            outcomes = new Object[results];
        }

        /**
         * Adds the result of one request: {@code outcome} is the committed append's
         * {@link dev.flora.service.append.AppendResult}, or the {@link Throwable} it failed with.
         */
        Builder add(String requestId, Object outcome) {
            if (!(outcome instanceof dev.flora.service.append.AppendResult)) {
                outcome = AppendResult.newBuilder().setRequestId(requestId)
                        .setError(GrpcErrors.toRpcStatus((Throwable) outcome)).build();
            }
            requestIds[count] = requestId;
            outcomes[count] = outcome;
            count++;
            return this;
        }

        EncodedAppendStreamResponse build() {
            int[] sizes = new int[count];
            // Of each committed append's AppendResponse, written inside its AppendResult.
            int[] responseSizes = new int[count];
            int total = 0;
            for (int i = 0; i < count; i++) {
                if (outcomes[i] instanceof AppendResult failed) {
                    sizes[i] = failed.getSerializedSize();
                } else {
                    responseSizes[i] = responseSize(
                            (dev.flora.service.append.AppendResult) outcomes[i]);
                    sizes[i] = appendedSize(requestIds[i], responseSizes[i]);
                }
                total += CodedOutputStream.computeTagSize(RESULTS)
                        + CodedOutputStream.computeUInt32SizeNoTag(sizes[i]) + sizes[i];
            }
            byte[] bytes = new byte[total];
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            try {
                for (int i = 0; i < count; i++) {
                    out.writeTag(RESULTS, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                    out.writeUInt32NoTag(sizes[i]);
                    if (outcomes[i] instanceof AppendResult failed) {
                        failed.writeTo(out);
                    } else {
                        writeAppended(out, requestIds[i],
                                (dev.flora.service.append.AppendResult) outcomes[i],
                                responseSizes[i]);
                    }
                }
                out.checkNoSpaceLeft();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new EncodedAppendStreamResponse(bytes);
        }
    }

    private static int appendedSize(String requestId, int response) {
        return (requestId.isEmpty() ? 0 : CodedOutputStream.computeStringSize(
                AppendResult.REQUEST_ID_FIELD_NUMBER, requestId))
                + CodedOutputStream.computeTagSize(AppendResult.APPENDED_FIELD_NUMBER)
                + CodedOutputStream.computeUInt32SizeNoTag(response) + response;
    }

    private static int responseSize(dev.flora.service.append.AppendResult r) {
        int time = timestampSize(r.recordedTime());
        return (r.index() == 0 ? 0 : CodedOutputStream.computeInt64Size(
                AppendResponse.INDEX_FIELD_NUMBER, r.index()))
                + CodedOutputStream.computeTagSize(AppendResponse.LEAF_HASH_FIELD_NUMBER)
                + CodedOutputStream.computeUInt32SizeNoTag(Digest.LENGTH) + Digest.LENGTH
                + CodedOutputStream.computeTagSize(AppendResponse.RECORDED_TIME_FIELD_NUMBER)
                + CodedOutputStream.computeUInt32SizeNoTag(time) + time
                + (r.caseRevision() == 0 ? 0 : CodedOutputStream.computeInt64Size(
                        AppendResponse.CASE_REVISION_FIELD_NUMBER, r.caseRevision()));
    }

    private static int timestampSize(Instant time) {
        return (time.getEpochSecond() == 0 ? 0 : CodedOutputStream.computeInt64Size(
                Timestamp.SECONDS_FIELD_NUMBER, time.getEpochSecond()))
                + (time.getNano() == 0 ? 0 : CodedOutputStream.computeInt32Size(
                        Timestamp.NANOS_FIELD_NUMBER, time.getNano()));
    }

    private static void writeAppended(CodedOutputStream out, String requestId,
            dev.flora.service.append.AppendResult r, int responseSize) throws IOException {
        if (!requestId.isEmpty()) {
            out.writeString(AppendResult.REQUEST_ID_FIELD_NUMBER, requestId);
        }
        out.writeTag(AppendResult.APPENDED_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(responseSize);
        if (r.index() != 0) {
            out.writeInt64(AppendResponse.INDEX_FIELD_NUMBER, r.index());
        }
        out.writeByteArray(AppendResponse.LEAF_HASH_FIELD_NUMBER, r.leafHash().toByteArray());
        Instant time = r.recordedTime();
        out.writeTag(AppendResponse.RECORDED_TIME_FIELD_NUMBER,
                WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(timestampSize(time));
        if (time.getEpochSecond() != 0) {
            out.writeInt64(Timestamp.SECONDS_FIELD_NUMBER, time.getEpochSecond());
        }
        if (time.getNano() != 0) {
            out.writeInt32(Timestamp.NANOS_FIELD_NUMBER, time.getNano());
        }
        if (r.caseRevision() != 0) {
            out.writeInt64(AppendResponse.CASE_REVISION_FIELD_NUMBER, r.caseRevision());
        }
    }
}
