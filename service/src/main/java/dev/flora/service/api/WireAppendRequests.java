package dev.flora.service.api;

import dev.flora.api.ledger.v1.AppendStreamRequest;
import dev.flora.api.ledger.v1.LedgerServiceGrpc;
import dev.flora.ledger.entry.AttributeValue;
import dev.flora.ledger.entry.FieldChecks;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The appends of one {@code AppendStreamRequest}, read straight from its wire form into
 * {@link AppendFields}: no generated builders, map fields or timestamps per append (parsing with
 * the generated classes was ~15% of the service's event-loop CPU in the stream benchmark, perf,
 * session 7).
 *
 * <p>Only the plain encoding takes this path: every field known and of its declared wire type,
 * no singular field twice, map entries with key and value and no key twice, an attribute value
 * with at most one member of its oneof, and ASCII strings. Anything else (unknown fields, merged
 * or repeated fields, non-ASCII text, broken bytes) is parsed by the generated parser, whose
 * answer, including its error for bytes that do not parse, is therefore unchanged. Both paths
 * give equal fields for a plain message (WireAppendRequestsTest).
 */
final class WireAppendRequests {

    /** Reads AppendStream's requests; the service never writes one. */
    static final MethodDescriptor.Marshaller<WireAppendRequests> MARSHALLER =
            new MethodDescriptor.Marshaller<>() {
                @Override
                public InputStream stream(WireAppendRequests value) {
                    return new ByteArrayInputStream(value.bytes);
                }

                @Override
                public WireAppendRequests parse(InputStream stream) {
                    byte[] bytes;
                    try {
                        bytes = stream.readAllBytes();
                    } catch (IOException e) {
                        throw Status.INTERNAL.withDescription("reading an AppendStreamRequest")
                                .withCause(e).asRuntimeException();
                    }
                    return read(bytes);
                }
            };

    private static final MethodDescriptor.Marshaller<AppendStreamRequest> GENERATED =
            LedgerServiceGrpc.getAppendStreamMethod().getRequestMarshaller();

    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;

    private final byte[] bytes;
    private final List<? extends AppendFields> requests;

    private WireAppendRequests(byte[] bytes, List<? extends AppendFields> requests) {
        this.bytes = bytes;
        this.requests = requests;
    }

    /** The requests of {@code message}, read directly if plain, else by the generated parser. */
    static WireAppendRequests read(byte[] message) {
        List<Fields> plain = plain(message);
        if (plain != null) {
            return new WireAppendRequests(message, plain);
        }
        AppendStreamRequest parsed = GENERATED.parse(new ByteArrayInputStream(message));
        List<AppendFields> requests = new ArrayList<>(parsed.getRequestsCount());
        parsed.getRequestsList().forEach(r -> requests.add(AppendFields.of(r)));
        return new WireAppendRequests(message, requests);
    }

    /** The requests of a plain message, else null. */
    static List<Fields> plain(byte[] message) {
        try {
            Cursor in = new Cursor(message);
            List<Fields> requests = new ArrayList<>();
            while (in.pos < message.length) {
                in.expect(in.tag(), 1, LENGTH_DELIMITED);
                requests.add(request(in, in.end()));
            }
            return requests;
        } catch (NotPlain e) {
            return null;
        }
    }

    int count() {
        return requests.size();
    }

    AppendFields request(int i) {
        return requests.get(i);
    }

    private static Fields request(Cursor in, int end) {
        Fields fields = new Fields();
        int seen = 0;
        while (in.pos < end) {
            int tag = in.tag();
            switch (tag >>> 3) {
                case 1 -> {
                    seen = in.once(seen, tag, 1, LENGTH_DELIMITED);
                    fields.requestId = in.ascii(in.end());
                }
                case 2 -> {
                    seen = in.once(seen, tag, 2, LENGTH_DELIMITED);
                    fields.hasChange = true;
                    change(in, in.end(), fields);
                }
                case 3 -> {
                    seen = in.once(seen, tag, 3, VARINT);
                    fields.hasExpected = true;
                    fields.expected = in.varint();
                }
                default -> throw NotPlain.INSTANCE;
            }
        }
        in.at(end);
        return fields;
    }

    private static void change(Cursor in, int end, Fields fields) {
        int seen = 0;
        List<String> keys = new ArrayList<>(2);
        List<Object> values = new ArrayList<>(2);
        while (in.pos < end) {
            int tag = in.tag();
            switch (tag >>> 3) {
                case 1 -> {
                    seen = in.once(seen, tag, 1, LENGTH_DELIMITED);
                    fields.caseRef = in.ascii(in.end());
                }
                case 2 -> {
                    seen = in.once(seen, tag, 2, LENGTH_DELIMITED);
                    fields.eventType = in.ascii(in.end());
                }
                case 3 -> {
                    seen = in.once(seen, tag, 3, LENGTH_DELIMITED);
                    fields.hasEffective = true;
                    timestamp(in, in.end(), fields);
                }
                case 4 -> {
                    in.expect(tag, 4, LENGTH_DELIMITED);
                    attribute(in, in.end(), keys, values);
                }
                case 5 -> {
                    seen = in.once(seen, tag, 5, LENGTH_DELIMITED);
                    int length = in.end() - in.pos;
                    fields.commitment = new byte[length];
                    System.arraycopy(in.bytes, in.pos, fields.commitment, 0, length);
                    in.pos += length;
                }
                default -> throw NotPlain.INSTANCE;
            }
        }
        in.at(end);
        fields.keys = keys;
        fields.values = values;
    }

    private static void timestamp(Cursor in, int end, Fields fields) {
        int seen = 0;
        while (in.pos < end) {
            int tag = in.tag();
            switch (tag >>> 3) {
                case 1 -> {
                    seen = in.once(seen, tag, 1, VARINT);
                    fields.seconds = in.varint();
                }
                case 2 -> {
                    seen = in.once(seen, tag, 2, VARINT);
                    fields.nanos = (int) in.varint();
                }
                default -> throw NotPlain.INSTANCE;
            }
        }
        in.at(end);
    }

    /**
     * One map entry: a key not seen before in this change, and its value. More attributes than a
     * change may have go to the generated parser (and are rejected after it): the check for a
     * repeated key stays a scan of a few keys.
     */
    private static void attribute(Cursor in, int end, List<String> keys, List<Object> values) {
        if (keys.size() == FieldChecks.maxAttributes()) {
            throw NotPlain.INSTANCE;
        }
        in.expect(in.tag(), 1, LENGTH_DELIMITED);
        String key = in.ascii(in.end());
        in.expect(in.tag(), 2, LENGTH_DELIMITED);
        Object value = attributeValue(in, in.end());
        in.at(end);
        if (keys.contains(key)) {
            throw NotPlain.INSTANCE;
        }
        keys.add(key);
        values.add(value);
    }

    /**
     * An AttributeValue: a String, Long or Boolean, or {@link Fields#NO_VALUE} when its oneof is
     * not set.
     */
    private static Object attributeValue(Cursor in, int end) {
        if (in.pos == end) {
            return Fields.NO_VALUE;
        }
        int tag = in.tag();
        Object value = switch (tag >>> 3) {
            case 1 -> {
                in.expect(tag, 1, LENGTH_DELIMITED);
                yield in.ascii(in.end());
            }
            case 2 -> {
                in.expect(tag, 2, VARINT);
                yield in.varint();
            }
            case 3 -> {
                in.expect(tag, 3, VARINT);
                yield in.varint() != 0;
            }
            default -> throw NotPlain.INSTANCE;
        };
        in.at(end);
        return value;
    }

    /** The fields of one plain AppendRequest. */
    static final class Fields implements AppendFields {
        static final Object NO_VALUE = new Object();
        private static final byte[] NONE = new byte[0];

        private String requestId = "";
        private boolean hasChange;
        private String caseRef = "";
        private String eventType = "";
        private boolean hasEffective;
        private long seconds;
        private int nanos;
        private List<String> keys = List.of();
        private List<Object> values = List.of();
        private byte[] commitment = NONE;
        private boolean hasExpected;
        private long expected;

        @Override
        public String requestId() {
            return requestId;
        }

        @Override
        public boolean hasChange() {
            return hasChange;
        }

        @Override
        public String caseRef() {
            return caseRef;
        }

        @Override
        public String eventType() {
            return eventType;
        }

        @Override
        public boolean hasEffectiveTime() {
            return hasEffective;
        }

        @Override
        public long effectiveSeconds() {
            return seconds;
        }

        @Override
        public int effectiveNanos() {
            return nanos;
        }

        @Override
        public int attributeCount() {
            return keys.size();
        }

        @Override
        public String attributeKey(int i) {
            return keys.get(i);
        }

        @Override
        public AttributeValue attributeValue(int i) {
            Object value = values.get(i);
            if (value instanceof String text) {
                return AppendFields.text(text);
            } else if (value instanceof Long number) {
                return AttributeValue.of(number);
            } else if (value instanceof Boolean flag) {
                return AttributeValue.of(flag);
            }
            throw new IllegalArgumentException("has no value");
        }

        @Override
        public byte[] payloadCommitment() {
            return commitment;
        }

        @Override
        public boolean hasExpectedCaseRevision() {
            return hasExpected;
        }

        @Override
        public long expectedCaseRevision() {
            return expected;
        }
    }

    /** The message is not plain: the generated parser reads it. */
    private static final class NotPlain extends RuntimeException {
        static final NotPlain INSTANCE = new NotPlain();

        private NotPlain() {
            super(null, null, false, false);
        }
    }

    /** A read position in the message's bytes. */
    private static final class Cursor {
        final byte[] bytes;
        int pos;

        Cursor(byte[] bytes) {
            this.bytes = bytes;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= bytes.length) {
                    throw NotPlain.INSTANCE;
                }
                byte b = bytes[pos++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw NotPlain.INSTANCE;
        }

        int tag() {
            long tag = varint();
            if (tag <= 0 || tag > Integer.MAX_VALUE) {
                throw NotPlain.INSTANCE;
            }
            return (int) tag;
        }

        /** Reads a length and returns where the value it announces ends. */
        int end() {
            long length = varint();
            if (length < 0 || length > bytes.length - pos) {
                throw NotPlain.INSTANCE;
            }
            return pos + (int) length;
        }

        void expect(int tag, int field, int wireType) {
            if (tag != (field << 3 | wireType)) {
                throw NotPlain.INSTANCE;
            }
        }

        /** Checks the tag and that the field was not seen yet; returns seen with it. */
        int once(int seen, int tag, int field, int wireType) {
            expect(tag, field, wireType);
            if ((seen & 1 << field) != 0) {
                throw NotPlain.INSTANCE;
            }
            return seen | 1 << field;
        }

        /** A string of ASCII bytes up to {@code end}. */
        String ascii(int end) {
            for (int i = pos; i < end; i++) {
                if (bytes[i] < 0) {
                    throw NotPlain.INSTANCE;
                }
            }
            String text = new String(bytes, pos, end - pos, StandardCharsets.ISO_8859_1);
            pos = end;
            return text;
        }

        /** Requires the value being read to end exactly at {@code end}. */
        void at(int end) {
            if (pos != end) {
                throw NotPlain.INSTANCE;
            }
        }
    }
}
