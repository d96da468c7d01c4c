package dev.flora.bench.load;

import dev.flora.api.ledger.v1.SubscribeRequest;
import dev.flora.api.ledger.v1.SubscriptionServiceGrpc;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One SubscribeResponse as the benchmark's subscribers see it: only the fields they check
 * (resume_after_index, the message kind, and each entry's index and the number in its
 * request_id).
 *
 * <p>Why not the generated class: 100 subscribers at 5,000 entries/s parse 500,000 entries/s in
 * the benchmark's JVM, which shares the two cores with the service it measures. This decoder
 * reads the message once into an array and walks it, skipping the entry bytes, hashes and
 * decoded change, and reads a request id's number without making a String of it. Field numbers
 * follow subscription_service.proto and entry.proto.
 *
 * @param indexes the entries' indexes (empty unless {@code kind} is ENTRIES)
 * @param requestNumbers per entry, n if its request_id is the decoder's prefix followed by the
 *     decimal n, else -1
 */
record Delivery(long resumeAfterIndex, Kind kind, long[] indexes, long[] requestNumbers) {

    enum Kind { ENTRIES, PROGRESS, CAUGHT_UP, FELL_BEHIND, NONE }

    private static final long[] NONE = new long[0];
    private static final int LENGTH_DELIMITED = 2;

    /**
     * SubscriptionService/Subscribe, answered with {@link Delivery} values whose request numbers
     * follow {@code prefix} (null: every request number is -1).
     */
    static MethodDescriptor<SubscribeRequest, Delivery> method(String prefix) {
        return SubscriptionServiceGrpc.getSubscribeMethod().toBuilder(
                ProtoUtils.marshaller(SubscribeRequest.getDefaultInstance()),
                new Decoder(prefix == null ? null : prefix.getBytes(StandardCharsets.UTF_8))).build();
    }

    private static final class Decoder implements MethodDescriptor.Marshaller<Delivery> {
        private final byte[] prefix;

        Decoder(byte[] prefix) {
            this.prefix = prefix;
        }

        @Override
        public InputStream stream(Delivery value) {
            throw new UnsupportedOperationException("the benchmark only receives SubscribeResponse");
        }

        @Override
        public Delivery parse(InputStream stream) {
            try {
                return decode(read(stream), prefix);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The whole message, read in one copy when gRPC knows its length (it does). */
    private static byte[] read(InputStream stream) throws IOException {
        if (!(stream instanceof KnownLength)) {
            return stream.readAllBytes();
        }
        byte[] message = new byte[stream.available()];
        if (stream.readNBytes(message, 0, message.length) != message.length || stream.read() != -1) {
            throw new IOException("message length differs from the " + message.length + " bytes announced");
        }
        return message;
    }

    /** Decodes one SubscribeResponse encoding. */
    static Delivery decode(byte[] message, byte[] prefix) {
        Reader in = new Reader(message, 0, message.length);
        long resume = 0;
        Kind kind = Kind.NONE;
        long[] indexes = NONE;
        long[] numbers = NONE;
        while (in.more()) {
            int tag = (int) in.varint();
            switch (tag >>> 3) {
                case 1 -> resume = in.varint();
                case 2 -> {
                    kind = Kind.ENTRIES;
                    Entries entries = new Entries(prefix);
                    Reader batch = in.sub();
                    while (batch.more()) {
                        entries.read(batch);
                    }
                    indexes = entries.indexes();
                    numbers = entries.numbers();
                }
                case 3 -> kind = skipped(in, tag, Kind.PROGRESS);
                case 4 -> kind = skipped(in, tag, Kind.CAUGHT_UP);
                case 5 -> kind = skipped(in, tag, Kind.FELL_BEHIND);
                default -> in.skip(tag);
            }
        }
        return new Delivery(resume, kind, indexes, numbers);
    }

    private static Kind skipped(Reader in, int tag, Kind kind) {
        in.skip(tag);
        return kind;
    }

    /** A bounded view of a byte array, read as protobuf wire format. */
    private static final class Reader {
        private final byte[] bytes;
        private int at;
        private final int end;

        Reader(byte[] bytes, int at, int end) {
            this.bytes = bytes;
            this.at = at;
            this.end = end;
        }

        boolean more() {
            return at < end;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = bytes[at++];
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("malformed varint at " + at);
        }

        /** The next length-delimited field's contents, skipped here. */
        Reader sub() {
            int length = (int) varint();
            Reader sub = new Reader(bytes, at, at + length);
            at += length;
            return sub;
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> at += 8;
                case LENGTH_DELIMITED -> {
                    int length = (int) varint(); // before reading at: varint() moves it
                    at += length;
                }
                case 5 -> at += 4;
                default -> throw new IllegalArgumentException("unexpected wire type in tag " + tag);
            }
        }

        /** The number after {@code prefix} in this field's contents, -1 if there is none. */
        long numberAfter(byte[] prefix) {
            int length = end - at;
            if (prefix == null || length <= prefix.length
                    || !Arrays.equals(bytes, at, at + prefix.length, prefix, 0, prefix.length)) {
                return -1;
            }
            long n = 0;
            for (int i = at + prefix.length; i < end; i++) {
                int digit = bytes[i] - '0';
                if (digit < 0 || digit > 9) {
                    return -1;
                }
                n = n * 10 + digit;
            }
            return n;
        }
    }

    /** The entries of one EntryBatch (field 1, repeated Entry), growing as they are read. */
    private static final class Entries {
        private final byte[] prefix;
        private long[] indexes = new long[16];
        private long[] numbers = new long[16];
        private int size;

        Entries(byte[] prefix) {
            this.prefix = prefix;
        }

        void read(Reader batch) {
            int tag = (int) batch.varint();
            if (tag >>> 3 != 1 || (tag & 7) != LENGTH_DELIMITED) {
                batch.skip(tag);
                return;
            }
            Reader entry = batch.sub();
            long index = 0;
            long number = -1;
            // fields come in field-number order: nothing after request_id (7) is needed
            for (int field = 0; field < 7 && entry.more(); ) {
                int t = (int) entry.varint();
                field = t >>> 3;
                switch (field) {
                    case 1 -> index = entry.varint();
                    case 7 -> number = entry.sub().numberAfter(prefix);
                    default -> entry.skip(t);
                }
            }
            if (size == indexes.length) {
                indexes = Arrays.copyOf(indexes, size * 2);
                numbers = Arrays.copyOf(numbers, size * 2);
            }
            indexes[size] = index;
            numbers[size++] = number;
        }

        long[] indexes() {
            return Arrays.copyOf(indexes, size);
        }

        long[] numbers() {
            return Arrays.copyOf(numbers, size);
        }
    }
}
