package dev.flora.service.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.ErrorInfo;
import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.api.ledger.v1.GetCaseRequest;
import dev.flora.api.ledger.v1.GetCaseResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * Optimistic concurrency on ONE case across replicas: threads on every replica append
 * rescheduled hearings, each expecting the revision it last learned. Whatever the interleaving, the
 * accepted appends MUST get the revisions after the case's first two, each exactly once, and a
 * refused one MUST be refused as WRONG_EXPECTED_REVISION.
 */
final class HotCase {

    private static final String BAMF = "bamf-dresden";

    private HotCase() {
    }

    /** Runs the contention and checks the revisions; every accepted append goes into {@code load}. */
    static void contend(List<ReplicaClient> clients, AppendLoad load, int threadsPerReplica,
            int attempts) throws Exception {
        String caseRef = "c-hot-" + UUID.randomUUID();
        appendOn(clients.get(0), load, "eae-chemnitz", ReplicaClient.request(caseRef, "registered",
                "federal_state", "DE-SN"));
        appendOn(clients.get(clients.size() - 1), load, BAMF,
                ReplicaClient.request(caseRef, "application_filed"));

        List<Long> accepted = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients.size() * threadsPerReplica);
        List<Future<?>> threads = new ArrayList<>();
        for (ReplicaClient client : clients) {
            for (int t = 0; t < threadsPerReplica; t++) {
                threads.add(pool.submit(() -> revise(client, load, caseRef, attempts, accepted)));
            }
        }
        pool.shutdown();
        for (Future<?> thread : threads) {
            thread.get(50, TimeUnit.SECONDS);
        }

        assertFalse(accepted.isEmpty(), "no revision was accepted");
        List<Long> sorted = accepted.stream().sorted().toList();
        assertEquals(LongStream.rangeClosed(3, 2 + accepted.size()).boxed().toList(), sorted,
                "revisions of the accepted appends");
        GetCaseResponse seen = caseOn(clients.get(0), caseRef);
        assertEquals(2 + accepted.size(), seen.getCase().getRevision());
        for (ReplicaClient other : clients.subList(1, clients.size())) {
            assertEquals(seen, caseOn(other, caseRef), "case as " + other.replica() + " serves it");
        }
    }

    /**
     * Like a real client: expects the revision it last learned, from its own ack or from the
     * refusal's {@code actual_revision}. The case is only read (GetCase) after the contention.
     */
    private static void revise(ReplicaClient client, AppendLoad load, String caseRef,
            int attempts, List<Long> accepted) {
        long known = 2;
        for (int i = 0; i < attempts; i++) {
            AppendRequest request = ReplicaClient.request(caseRef, "hearing_scheduled").toBuilder()
                    .setExpectedCaseRevision(known).build();
            try {
                known = appendOn(client, load, BAMF, request);
                accepted.add(known);
            } catch (StatusRuntimeException e) {
                assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode(), e.toString());
                ErrorInfo info = ReplicaClient.errorInfo(e);
                assertEquals("WRONG_EXPECTED_REVISION", info.getReason());
                long actual = Long.parseLong(info.getMetadataOrThrow("actual_revision"));
                assertTrue(actual > known, "actual revision " + actual + " after " + known);
                known = actual;
            }
        }
    }

    private static long appendOn(ReplicaClient client, AppendLoad load, String authority,
            AppendRequest request) {
        var response = client.append(authority, request);
        load.record(client.replica(), authority, request, response);
        return response.getCaseRevision();
    }

    private static GetCaseResponse caseOn(ReplicaClient client, String caseRef) {
        return client.as(BAMF).getCase(GetCaseRequest.newBuilder().setCaseRef(caseRef).build());
    }
}
