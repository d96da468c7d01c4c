package dev.flora.service.api;

import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.ledger.entry.AttributeValue;
import dev.flora.ledger.entry.FieldChecks;
import java.util.Map;

/**
 * The fields of one {@code AppendRequest} as {@link RequestMapping} reads them, whether they came
 * from a generated {@link AppendRequest} or straight from the wire ({@link WireAppendRequests}).
 * Absent fields read as proto3 defaults (empty strings, 0, empty bytes).
 */
interface AppendFields {

    String requestId();

    boolean hasChange();

    String caseRef();

    String eventType();

    boolean hasEffectiveTime();

    long effectiveSeconds();

    int effectiveNanos();

    int attributeCount();

    String attributeKey(int i);

    /**
     * The value of attribute {@code i}.
     *
     * @throws IllegalArgumentException if it has no value or its text is not allowed
     */
    AttributeValue attributeValue(int i);

    /** The payload commitment's bytes, empty when absent. MUST NOT be changed. */
    byte[] payloadCommitment();

    boolean hasExpectedCaseRevision();

    long expectedCaseRevision();

    /** The fields of a generated request. */
    static AppendFields of(AppendRequest request) {
        return new Generated(request);
    }

    /** A text attribute's value, checked. */
    static AttributeValue text(String text) {
        FieldChecks.attributeText(text);
        return AttributeValue.text(text);
    }

    /** A generated request's fields; its attributes in the map's order. */
    final class Generated implements AppendFields {
        private final AppendRequest request;
        private final String[] keys;
        private final dev.flora.api.ledger.v1.AttributeValue[] values;

        private Generated(AppendRequest request) {
            this.request = request;
            Map<String, dev.flora.api.ledger.v1.AttributeValue> map =
                    request.getChange().getAttributesMap();
            this.keys = new String[map.size()];
            this.values = new dev.flora.api.ledger.v1.AttributeValue[map.size()];
            int i = 0;
            for (Map.Entry<String, dev.flora.api.ledger.v1.AttributeValue> e : map.entrySet()) {
                keys[i] = e.getKey();
                values[i++] = e.getValue();
            }
        }

        @Override
        public String requestId() {
            return request.getRequestId();
        }

        @Override
        public boolean hasChange() {
            return request.hasChange();
        }

        @Override
        public String caseRef() {
            return request.getChange().getCaseRef();
        }

        @Override
        public String eventType() {
            return request.getChange().getEventType();
        }

        @Override
        public boolean hasEffectiveTime() {
            return request.getChange().hasEffectiveTime();
        }

        @Override
        public long effectiveSeconds() {
            return request.getChange().getEffectiveTime().getSeconds();
        }

        @Override
        public int effectiveNanos() {
            return request.getChange().getEffectiveTime().getNanos();
        }

        @Override
        public int attributeCount() {
            return keys.length;
        }

        @Override
        public String attributeKey(int i) {
            return keys[i];
        }

        @Override
        public AttributeValue attributeValue(int i) {
            dev.flora.api.ledger.v1.AttributeValue value = values[i];
            return switch (value.getValueCase()) {
                case TEXT_VALUE -> text(value.getTextValue());
                case INT_VALUE -> AttributeValue.of(value.getIntValue());
                case BOOL_VALUE -> AttributeValue.of(value.getBoolValue());
                case VALUE_NOT_SET -> throw new IllegalArgumentException("has no value");
            };
        }

        @Override
        public byte[] payloadCommitment() {
            return request.getChange().getPayloadCommitment().toByteArray();
        }

        @Override
        public boolean hasExpectedCaseRevision() {
            return request.hasExpectedCaseRevision();
        }

        @Override
        public long expectedCaseRevision() {
            return request.getExpectedCaseRevision();
        }
    }
}
