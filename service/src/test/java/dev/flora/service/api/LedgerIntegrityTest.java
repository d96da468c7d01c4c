package dev.flora.service.api;

import static dev.flora.service.api.LedgerClient.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flora.api.ledger.v1.Entry;
import dev.flora.api.ledger.v1.GetCheckpointRequest;
import dev.flora.api.ledger.v1.GetCheckpointResponse;
import dev.flora.api.ledger.v1.GetConsistencyProofRequest;
import dev.flora.api.ledger.v1.GetInclusionProofRequest;
import dev.flora.api.ledger.v1.GetInclusionProofResponse;
import dev.flora.api.ledger.v1.ListEntriesRequest;
import dev.flora.api.ledger.v1.ListEntriesResponse;
import dev.flora.ledger.checkpoint.Checkpoint;
import dev.flora.ledger.checkpoint.CheckpointVerifier;
import dev.flora.ledger.checkpoint.NoteVerifier;
import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.merkle.CompactRange;
import dev.flora.ledger.proof.ConsistencyProof;
import dev.flora.ledger.proof.InclusionProof;
import dev.flora.ledger.verify.LedgerVerifier;
import dev.flora.service.checkpoint.Checkpoints;
import dev.flora.service.testing.PostgresResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ledger written through the API is one contiguous, valid ledger that ledger-core's verifier
 * accepts against the signed checkpoint, and the API's proofs verify.
 */
@QuarkusTest
@Timeout(120)
class LedgerIntegrityTest extends GrpcTestBase {

    @Inject
    Checkpoints checkpoints;

    @Test
    void hundredConcurrentAppenders_yieldOneLedgerThatVerifiesAgainstTheCheckpoint()
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(100);
        List<Future<Long>> appends = new ArrayList<>();
        for (int appender = 0; appender < 100; appender++) {
            appends.add(pool.submit(() -> {
                long last = -1;
                for (int i = 0; i < 10; i++) {
                    last = client.as("eae-chemnitz").append(request("c-" + UUID.randomUUID(),
                            "registered", Map.of("federal_state", "DE-SN"))).getIndex();
                }
                return last;
            }));
        }
        for (Future<Long> append : appends) {
            append.get();
        }
        pool.shutdown();

        checkpoints.publish().await().indefinitely();
        GetCheckpointResponse response = client.as("abh-leipzig")
                .getCheckpoint(GetCheckpointRequest.getDefaultInstance());
        Checkpoint checkpoint = new CheckpointVerifier(NoteVerifier.parse(
                response.getVerifierKey()), response.getOrigin()).verify(response.getSignedNote());
        assertEquals(response.getTreeSize(), checkpoint.size());
        assertTrue(checkpoint.size() >= 1000, "checkpoint size " + checkpoint.size());

        List<Entry> ledger = readAll();
        LedgerVerifier verifier = LedgerVerifier.against(checkpoint);
        for (Entry entry : ledger) {
            verifier.add(entry.getEntryBytes().toByteArray());
        }
        verifier.finish();
        assertEquals(ledger.size(), verifier.size());
        checkProofs(ledger, checkpoint);
        checkStoredLeafTiles(ledger);
    }

    /**
     * Leaf tiles are stored only when full, each the leaf hashes of its 256 entries in order
     * (the partial one is read from the entries, which checkProofs exercised).
     */
    private static void checkStoredLeafTiles(List<Entry> ledger) throws Exception {
        int full = 0;
        try (var connection = PostgresResource.connect();
                var statement = connection.createStatement();
                var tiles = statement.executeQuery("select tile_index, hashes from merkle_tile"
                        + " where tile_level = 0 order by tile_index")) {
            while (tiles.next()) {
                int index = (int) tiles.getLong(1);
                java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
                for (int i = index * 256; i < index * 256 + 256 && i < ledger.size(); i++) {
                    expected.write(ledger.get(i).getLeafHash().toByteArray());
                }
                assertEquals(8192, expected.size(), "leaf tile " + index + " stored early");
                assertTrue(java.util.Arrays.equals(expected.toByteArray(), tiles.getBytes(2)),
                        "leaf tile " + index);
                full++;
            }
        }
        assertEquals(ledger.size() / 256, full, "full leaf tiles stored");
    }

    private void checkProofs(List<Entry> ledger, Checkpoint checkpoint) throws Exception {
        Random random = new Random(42);
        long size = checkpoint.size();
        for (int i = 0; i < 20; i++) {
            long index = (long) (random.nextDouble() * size);
            GetInclusionProofResponse proof = client.as("abh-leipzig").getInclusionProof(
                    GetInclusionProofRequest.newBuilder().setIndex(index).build());
            assertEquals(size, proof.getTreeSize());
            InclusionProof.verify(index, size, digest(ledger.get((int) index).getLeafHash()),
                    digests(proof.getHashesList()), checkpoint.rootHash());

            long from = 1 + (long) (random.nextDouble() * size);
            var consistency = client.as("abh-leipzig").getConsistencyProof(
                    GetConsistencyProofRequest.newBuilder().setFromTreeSize(from).build());
            ConsistencyProof.verify(from, size, digests(consistency.getHashesList()),
                    rootOfPrefix(ledger, from), checkpoint.rootHash());
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> client.as("abh-leipzig").getInclusionProof(GetInclusionProofRequest
                        .newBuilder().setIndex(size).setTreeSize(size).build()));
        assertEquals(Status.Code.OUT_OF_RANGE, e.getStatus().getCode());
    }

    private List<Entry> readAll() {
        List<Entry> all = new ArrayList<>();
        long next = 0;
        while (true) {
            ListEntriesResponse page = client.as("abh-leipzig").listEntries(ListEntriesRequest
                    .newBuilder().setStartIndex(next).setPageSize(1000).build());
            if (page.getEntriesCount() == 0) {
                return all;
            }
            all.addAll(page.getEntriesList());
            next = page.getNextIndex();
        }
    }

    private static Digest rootOfPrefix(List<Entry> ledger, long size) {
        CompactRange tree = CompactRange.empty();
        for (int i = 0; i < size; i++) {
            tree.append(digest(ledger.get(i).getLeafHash()), (level, index, hash) -> { });
        }
        return tree.root();
    }

    static Digest digest(com.google.protobuf.ByteString bytes) {
        return Digest.of(bytes.toByteArray());
    }

    static List<Digest> digests(List<com.google.protobuf.ByteString> hashes) {
        return hashes.stream().map(LedgerIntegrityTest::digest).toList();
    }
}
