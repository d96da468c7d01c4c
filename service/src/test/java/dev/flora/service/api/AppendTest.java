package dev.flora.service.api;

import static dev.flora.service.api.LedgerClient.errorInfo;
import static dev.flora.service.api.LedgerClient.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.api.ledger.v1.AppendResponse;
import dev.flora.api.ledger.v1.GetCaseRequest;
import dev.flora.api.ledger.v1.GetCaseResponse;
import dev.flora.api.ledger.v1.ListEntriesRequest;
import dev.flora.ledger.hash.Hasher;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@QuarkusTest
@Timeout(60)
class AppendTest extends GrpcTestBase {

    long ledgerSize() {
        return client.as("bamf-dresden").listEntries(ListEntriesRequest.newBuilder()
                .setStartIndex(Long.MAX_VALUE - 1).setPageSize(1).build()).getTreeSize();
    }

    static String newCase() {
        return "c-" + UUID.randomUUID();
    }

    static AppendRequest registered(String caseRef) {
        return request(caseRef, "registered", Map.of("federal_state", "DE-SN"));
    }

    @Test
    void append_returnsCommittedIndexLeafHashAndRevision() {
        long before = ledgerSize();
        AppendResponse response = client.as("eae-chemnitz").append(registered(newCase()));
        assertEquals(before, response.getIndex());
        assertEquals(1, response.getCaseRevision());
        assertEquals(32, response.getLeafHash().size());
        assertEquals(before + 1, ledgerSize());
        var entry = client.as("eae-chemnitz").listEntries(ListEntriesRequest.newBuilder()
                .setStartIndex(response.getIndex()).setPageSize(1).build()).getEntries(0);
        assertEquals(Hasher.create().leafHash(entry.getEntryBytes().toByteArray()).toHex(),
                dev.flora.ledger.hash.Digest.of(response.getLeafHash().toByteArray()).toHex());
    }

    @Test
    void append_sameRequestIdAndContent_returnsTheOriginalResult() {
        AppendRequest request = registered(newCase());
        AppendResponse first = client.as("eae-chemnitz").append(request);
        long size = ledgerSize();
        AppendResponse retry = client.as("eae-chemnitz").append(request);
        assertEquals(first, retry);
        assertEquals(size, ledgerSize());
    }

    @Test
    void append_sameRequestIdOtherContent_isAConflictAndWritesNothing() {
        AppendRequest request = registered(newCase());
        client.as("eae-chemnitz").append(request);
        long size = ledgerSize();
        AppendRequest other = request.toBuilder().setChange(request.getChange().toBuilder()
                .setCaseRef(newCase())).build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> client.as("eae-chemnitz").append(other));
        assertEquals(Status.Code.ALREADY_EXISTS, e.getStatus().getCode());
        assertEquals("REQUEST_ID_CONFLICT", errorInfo(e).getReason());
        assertEquals("flora.dev", errorInfo(e).getDomain());
        assertEquals(size, ledgerSize());
    }

    @Test
    void append_sameRequestIdFromAnotherAuthority_isIndependent() {
        AppendRequest request = registered(newCase());
        AppendResponse first = client.as("eae-chemnitz").append(request);
        AppendResponse second = client.as("bamf-dresden").append(request.toBuilder()
                .setChange(request.getChange().toBuilder().setCaseRef(newCase())).build());
        assertEquals(first.getIndex() + 1, second.getIndex());
    }

    /**
     * The append path writes a registration without reading whether its case exists, and plans
     * from cached case states; the tests run with a case cache of 64, so 100 other cases push
     * this one out and every answer below has to come from the ledger (the unique index on case
     * revisions, then the reads of the retried batch).
     */
    @Test
    void append_toACaseNoLongerCached_isJudgedByTheLedger() throws Exception {
        String caseRef = newCase();
        AppendRequest first = registered(caseRef);
        AppendResponse original = client.as("eae-chemnitz").append(first);
        List<AppendRequest> others = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            others.add(registered(newCase()));
        }
        client.appendStream("eae-chemnitz", List.of(others));
        long size = ledgerSize();

        StatusRuntimeException again = assertThrows(StatusRuntimeException.class,
                () -> client.as("eae-chemnitz").append(registered(caseRef)));
        assertEquals("TRANSITION_NOT_ALLOWED", errorInfo(again).getReason());
        assertEquals(size, ledgerSize());
        assertEquals(original, client.as("eae-chemnitz").append(first));
        assertEquals(size, ledgerSize());
        AppendResponse filed = client.as("bamf-dresden").append(request(caseRef,
                "application_filed", Map.of()).toBuilder().setExpectedCaseRevision(1).build());
        assertEquals(2, filed.getCaseRevision());
        assertEquals(size, filed.getIndex());
    }

    @Test
    void append_expectedRevisionMismatch_isRejectedAndWritesNothing() {
        String caseRef = newCase();
        client.as("eae-chemnitz").append(registered(caseRef));
        long size = ledgerSize();
        AppendRequest filed = request(caseRef, "application_filed", Map.of()).toBuilder()
                .setExpectedCaseRevision(0).build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> client.as("bamf-dresden").append(filed));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertEquals("WRONG_EXPECTED_REVISION", errorInfo(e).getReason());
        assertEquals("1", errorInfo(e).getMetadataMap().get("actual_revision"));
        assertEquals(size, ledgerSize());
        AppendResponse ok = client.as("bamf-dresden").append(filed.toBuilder()
                .setExpectedCaseRevision(1).build());
        assertEquals(2, ok.getCaseRevision());
    }

    @Test
    void getCase_followsTheProcedureToAResidencePermit() {
        String caseRef = newCase();
        client.as("eae-chemnitz").append(registered(caseRef));
        client.as("bamf-dresden").append(request(caseRef, "application_filed", Map.of()));
        client.as("bamf-dresden").append(request(caseRef, "decision_issued",
                Map.of("outcome", "refugee_protection", "legal_basis", "AsylG 3")));
        AppendResponse permit = client.as("abh-leipzig").append(request(caseRef,
                "residence_permit_issued", Map.of("valid_months", 36)));
        GetCaseResponse found = client.as("abh-leipzig").getCase(GetCaseRequest.newBuilder()
                .setCaseRef(caseRef).build());
        assertEquals(4, found.getCase().getRevision());
        assertEquals("residence_permit_issued", found.getCase().getStage());
        assertEquals("refugee_protection", found.getCase().getDecisionOutcome());
        assertEquals("DE-SN", found.getCase().getFederalState());
        assertEquals(permit.getIndex(), found.getCase().getLastIndex());
        assertEquals(4, found.getHistoryCount());
        assertEquals("registered", found.getHistory(0).getChange().getEventType());
        assertEquals(36, found.getHistory(3).getChange().getAttributesOrThrow("valid_months")
                .getIntValue());
    }

    @Test
    void getCase_ofAnotherStatesCase_isNotFound() {
        String caseRef = newCase();
        client.as("eae-chemnitz").append(registered(caseRef));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> client.as("abh-berlin").getCase(GetCaseRequest.newBuilder()
                        .setCaseRef(caseRef).build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("CASE_NOT_FOUND", errorInfo(e).getReason());
    }
}
