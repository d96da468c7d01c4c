package dev.flora.service.api;

import static dev.flora.service.api.LedgerClient.errorInfo;
import static dev.flora.service.api.LedgerClient.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.api.ledger.v1.ListEntriesRequest;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule violation and every invalid field is answered with its documented code and reason
 * (docs/api.md), and writes nothing: the ledger size is the same before and after.
 */
@QuarkusTest
@Timeout(60)
class RejectionTest extends GrpcTestBase {

    /** A case that is registered in DE-SN and has its application filed. */
    String filedCase() {
        String caseRef = "c-" + UUID.randomUUID();
        client.as("eae-chemnitz").append(request(caseRef, "registered",
                Map.of("federal_state", "DE-SN")));
        client.as("bamf-dresden").append(request(caseRef, "application_filed", Map.of()));
        return caseRef;
    }

    record Rejection(String description, String authority, Function<String, AppendRequest> request,
            Code code, String reason, String field) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Rejection rule(String description, String authority,
            Function<String, AppendRequest> request, Code code, String reason) {
        return new Rejection(description, authority, request, code, reason, null);
    }

    static Rejection field(String description, Function<String, AppendRequest> request,
            String field) {
        return new Rejection(description, "bamf-dresden", request, Code.INVALID_ARGUMENT,
                "INVALID_FIELD", field);
    }

    static AppendRequest decision(String caseRef, Map<String, Object> attributes) {
        return request(caseRef, "decision_issued", attributes);
    }

    static AppendRequest withChange(String caseRef,
            Function<dev.flora.api.ledger.v1.StatusChange.Builder,
                    dev.flora.api.ledger.v1.StatusChange.Builder> edit) {
        AppendRequest base = decision(caseRef, Map.of("outcome", "rejected"));
        return base.toBuilder().setChange(edit.apply(base.getChange().toBuilder())).build();
    }

    static Stream<Arguments> rejections() {
        Map<String, Object> tooMany = new HashMap<>();
        for (int i = 0; i < 33; i++) {
            tooMany.put("a" + i, i);
        }
        return Stream.of(
                rule("unknown event type", "bamf-dresden",
                        c -> request(c, "asylum_granted_by_magic", Map.of()),
                        Code.INVALID_ARGUMENT, "UNKNOWN_EVENT_TYPE"),
                rule("an immigration authority may not issue decisions", "abh-leipzig",
                        c -> decision(c, Map.of("outcome", "rejected")),
                        Code.PERMISSION_DENIED, "EVENT_NOT_ALLOWED_FOR_AUTHORITY"),
                rule("a residence permit needs a decision first", "abh-leipzig",
                        c -> request(c, "residence_permit_issued", Map.of()),
                        Code.FAILED_PRECONDITION, "TRANSITION_NOT_ALLOWED"),
                rule("a case cannot be registered twice", "eae-chemnitz",
                        c -> request(c, "registered", Map.of("federal_state", "DE-SN")),
                        Code.FAILED_PRECONDITION, "TRANSITION_NOT_ALLOWED"),
                rule("a decision needs its outcome", "bamf-dresden",
                        c -> decision(c, Map.of()), Code.INVALID_ARGUMENT, "MISSING_ATTRIBUTE"),
                rule("an outcome outside the catalogue", "bamf-dresden",
                        c -> decision(c, Map.of("outcome", "maybe")),
                        Code.INVALID_ARGUMENT, "INVALID_ATTRIBUTE"),
                rule("an attribute the event does not take", "bamf-dresden",
                        c -> decision(c, Map.of("outcome", "rejected", "name", "Jane")),
                        Code.INVALID_ARGUMENT, "INVALID_ATTRIBUTE"),
                rule("an attribute of the wrong type", "bamf-dresden",
                        c -> decision(c, Map.of("outcome", 3)),
                        Code.INVALID_ARGUMENT, "INVALID_ATTRIBUTE"),
                rule("an authority of another state", "bamf-berlin",
                        c -> decision(c, Map.of("outcome", "rejected")),
                        Code.PERMISSION_DENIED, "FEDERAL_STATE_NOT_SERVED"),
                rule("a correction of an entry of another case", "bamf-dresden",
                        c -> request(c, "correction", Map.of("supersedes_index", 0)),
                        Code.FAILED_PRECONDITION, "INVALID_REFERENCE"),
                rule("no identity", null, c -> decision(c, Map.of("outcome", "rejected")),
                        Code.UNAUTHENTICATED, "UNAUTHENTICATED"),
                rule("an unregistered authority", "abh-atlantis",
                        c -> decision(c, Map.of("outcome", "rejected")),
                        Code.UNAUTHENTICATED, "UNKNOWN_AUTHORITY"),
                field("empty request id", c -> decision(c, Map.of("outcome", "rejected"))
                        .toBuilder().setRequestId("").build(), "request_id"),
                field("missing change", c -> AppendRequest.newBuilder().setRequestId("r1")
                        .build(), "change"),
                field("empty case reference", c -> withChange(c, b -> b.setCaseRef("")),
                        "change.case_ref"),
                field("case reference with a control character",
                        c -> withChange(c, b -> b.setCaseRef("c\n1")), "change.case_ref"),
                field("case reference over 128 bytes",
                        c -> withChange(c, b -> b.setCaseRef("x".repeat(129))), "change.case_ref"),
                field("event type with capitals",
                        c -> withChange(c, b -> b.setEventType("Decision")), "change.event_type"),
                field("missing effective time",
                        c -> withChange(c, b -> b.clearEffectiveTime()), "change.effective_time"),
                field("effective time finer than a microsecond", c -> withChange(c,
                        b -> b.setEffectiveTime(Timestamp.newBuilder().setSeconds(1)
                                .setNanos(1))), "change.effective_time"),
                field("payload commitment of 31 bytes", c -> withChange(c,
                        b -> b.setPayloadCommitment(ByteString.copyFrom(new byte[31]))),
                        "change.payload_commitment"),
                field("attribute key with a dash", c -> withChange(c,
                        b -> b.putAttributes("legal-basis", LedgerClient.attribute("x"))),
                        "change.attributes[legal-basis]"),
                field("attribute without a value", c -> withChange(c,
                        b -> b.putAttributes("legal_basis",
                                dev.flora.api.ledger.v1.AttributeValue.getDefaultInstance())),
                        "change.attributes[legal_basis]"),
                field("33 attributes", c -> withChange(c, b -> {
                    tooMany.forEach((k, v) -> b.putAttributes(k, LedgerClient.attribute(v)));
                    return b;
                }), "change.attributes"),
                field("negative expected revision", c -> decision(c, Map.of("outcome",
                        "rejected")).toBuilder().setExpectedCaseRevision(-2).build(),
                        "expected_case_revision"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void rejected_withItsCodeAndReason_andWritesNothing(Rejection rejection) {
        String caseRef = filedCase();
        long before = size();
        AppendRequest request = rejection.request().apply(caseRef);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> client.as(rejection.authority()).append(request));
        assertEquals(rejection.code(), e.getStatus().getCode(), e.getStatus().toString());
        assertNotNull(errorInfo(e), "ErrorInfo detail");
        assertEquals(rejection.reason(), errorInfo(e).getReason());
        if (rejection.field() != null) {
            assertEquals(rejection.field(),
                    LedgerClient.badRequest(e).getFieldViolations(0).getField());
        }
        assertEquals(before, size(), "the ledger grew");
    }

    long size() {
        return client.as("bamf-dresden").listEntries(ListEntriesRequest.newBuilder()
                .setStartIndex(0).setPageSize(1).build()).getTreeSize();
    }
}
