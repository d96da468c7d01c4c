package dev.flora.service.replica;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.protobuf.ByteString;
import dev.flora.api.ledger.v1.Entry;
import dev.flora.api.ledger.v1.GetCheckpointRequest;
import dev.flora.api.ledger.v1.GetCheckpointResponse;
import dev.flora.api.ledger.v1.GetConsistencyProofRequest;
import dev.flora.api.ledger.v1.GetConsistencyProofResponse;
import dev.flora.api.ledger.v1.GetInclusionProofRequest;
import dev.flora.api.ledger.v1.GetInclusionProofResponse;
import dev.flora.api.ledger.v1.ListEntriesRequest;
import dev.flora.api.ledger.v1.ListEntriesResponse;
import dev.flora.ledger.checkpoint.Checkpoint;
import dev.flora.ledger.checkpoint.CheckpointVerifier;
import dev.flora.ledger.checkpoint.NoteVerifier;
import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.proof.ConsistencyProof;
import dev.flora.ledger.proof.InclusionProof;
import dev.flora.ledger.verify.LedgerVerifier;
import dev.flora.service.replica.AppendLoad.Ack;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What every replica of one ledger MUST agree on, checked from the outside through the public
 * API only, the way an auditor would: the ledger, its signed checkpoint and its proofs.
 */
final class LedgerAudit {

    /** The checkpoint origin of the packaged service's default configuration. */
    static final String ORIGIN = "flora.local/dev-ledger";
    private static final String READER = "abh-leipzig";
    private static final int PAGE = 500;

    private final NoteVerifier trusted;

    /** @param trusted the key the replicas MUST sign with, known to the auditor beforehand */
    LedgerAudit(NoteVerifier trusted) {
        this.trusted = trusted;
    }

    /** A verified ledger: its entries and the signed checkpoint covering exactly them. */
    record Verified(List<Entry> entries, Checkpoint checkpoint) {
    }

    /**
     * Reads the ledger from every client, checks they agree byte for byte, waits for a signed
     * checkpoint of exactly that size, verifies the whole ledger against it with ledger-core's
     * verifier, and checks that every ack is in it and that inclusion proofs from every client
     * verify.
     */
    Verified audit(List<ReplicaClient> clients, Collection<Ack> acks) throws Exception {
        List<Entry> ledger = readAgreed(clients);
        Checkpoint checkpoint = awaitCheckpoint(clients.get(0), ledger.size());
        for (ReplicaClient other : clients.subList(1, clients.size())) {
            assertEquals(checkpoint, awaitCheckpoint(other, ledger.size()),
                    "checkpoint served by " + other.replica());
        }
        verify(ledger, checkpoint);
        checkAcks(ledger, acks);
        for (ReplicaClient client : clients) {
            checkInclusionProofs(client, ledger, checkpoint, 25);
        }
        return new Verified(ledger, checkpoint);
    }

    /** The whole ledger, read in pages from each client; the pages MUST be identical. */
    static List<Entry> readAgreed(List<ReplicaClient> clients) {
        List<Entry> ledger = new ArrayList<>();
        long next = 0;
        while (true) {
            ListEntriesRequest request = ListEntriesRequest.newBuilder().setStartIndex(next)
                    .setPageSize(PAGE).build();
            ListEntriesResponse page = clients.get(0).as(READER).listEntries(request);
            for (ReplicaClient other : clients.subList(1, clients.size())) {
                ByteString theirs = other.as(READER).listEntries(request).toByteString();
                assertEquals(page.toByteString(), theirs, "page from index " + next + " of "
                        + clients.get(0).replica() + " and " + other.replica());
            }
            if (page.getEntriesCount() == 0) {
                return ledger;
            }
            ledger.addAll(page.getEntriesList());
            next = page.getNextIndex();
        }
    }

    /**
     * Polls GetCheckpoint until it covers {@code size} entries; the note MUST verify with the
     * trusted key, and the replica MUST name that key as its verifier key.
     */
    Checkpoint awaitCheckpoint(ReplicaClient client, long size) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        CheckpointVerifier verifier = new CheckpointVerifier(trusted, ORIGIN);
        while (true) {
            GetCheckpointResponse response = latestCheckpoint(client);
            if (response != null) {
                assertEquals(trusted.format(), response.getVerifierKey(), client.replica());
                Checkpoint checkpoint = verifier.verify(response.getSignedNote());
                assertEquals(response.getTreeSize(), checkpoint.size());
                if (checkpoint.size() == size) {
                    return checkpoint;
                }
                if (checkpoint.size() > size) {
                    throw new AssertionError(client.replica() + " signed size " + checkpoint.size()
                            + " of a ledger of " + size + " entries");
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(client.replica() + " signed no checkpoint of size " + size
                        + " within 20 s; latest " + response);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static GetCheckpointResponse latestCheckpoint(ReplicaClient client) {
        try {
            return client.as(READER).getCheckpoint(GetCheckpointRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** Contiguous indexes, and ledger-core's verifier accepts the entries against the checkpoint. */
    static void verify(List<Entry> ledger, Checkpoint checkpoint) throws Exception {
        LedgerVerifier verifier = LedgerVerifier.against(checkpoint);
        for (int i = 0; i < ledger.size(); i++) {
            assertEquals(i, ledger.get(i).getIndex(), "index of entry at position " + i);
            verifier.add(ledger.get(i).getEntryBytes().toByteArray());
        }
        verifier.finish();
        assertEquals(checkpoint.size(), verifier.size());
        assertEquals(checkpoint.rootHash(), verifier.root());
    }

    /**
     * Every ack is in the ledger at its index with its leaf hash, request id and authority, and no
     * request (authority, request id) is in the ledger twice.
     */
    static void checkAcks(List<Entry> ledger, Collection<Ack> acks) {
        Map<String, Long> seen = new HashMap<>();
        for (Entry entry : ledger) {
            Long twice = seen.put(entry.getIssuingAuthority() + "/" + entry.getRequestId(),
                    entry.getIndex());
            assertEquals(null, twice, "request " + entry.getRequestId() + " at index "
                    + entry.getIndex() + " is also at index " + twice);
        }
        for (Ack ack : acks) {
            long index = ack.response().getIndex();
            assertNotNull(seen.get(ack.key()), "acknowledged request " + ack.key() + " is missing");
            assertEquals(index, seen.get(ack.key()), "index of " + ack.key());
            Entry entry = ledger.get((int) index);
            assertEquals(digest(ack.response().getLeafHash()), digest(entry.getLeafHash()),
                    "leaf hash at " + index);
            assertEquals(ack.response().getRecordedTime(), entry.getRecordedTime(), "time at " + index);
            assertEquals(ack.request().getChange(), entry.getChange(), "change at " + index);
        }
    }

    /** Inclusion proofs served by {@code client} for the ends and random indexes verify. */
    static void checkInclusionProofs(ReplicaClient client, List<Entry> ledger,
            Checkpoint checkpoint, int samples) throws Exception {
        Random random = new Random(ledger.size());
        long size = checkpoint.size();
        List<Long> indexes = new ArrayList<>(List.of(0L, size - 1));
        for (int i = 0; i < samples; i++) {
            indexes.add((long) (random.nextDouble() * size));
        }
        for (long index : indexes) {
            GetInclusionProofResponse proof = client.as(READER).getInclusionProof(
                    GetInclusionProofRequest.newBuilder().setIndex(index).setTreeSize(size).build());
            Digest leaf = digest(ledger.get((int) index).getLeafHash());
            assertArrayEquals(leaf.toByteArray(), proof.getLeafHash().toByteArray(),
                    "leaf hash in the proof of " + index + " from " + client.replica());
            InclusionProof.verify(index, size, leaf, digests(proof.getHashesList()),
                    checkpoint.rootHash());
        }
    }

    /** A consistency proof from {@code client} MUST show that {@code later} extends {@code earlier}. */
    static void checkConsistency(ReplicaClient client, Checkpoint earlier, Checkpoint later)
            throws Exception {
        GetConsistencyProofResponse proof = client.as(READER).getConsistencyProof(
                GetConsistencyProofRequest.newBuilder().setFromTreeSize(earlier.size())
                        .setToTreeSize(later.size()).build());
        ConsistencyProof.verify(earlier.size(), later.size(), digests(proof.getHashesList()),
                earlier.rootHash(), later.rootHash());
    }

    static Digest digest(ByteString bytes) {
        return Digest.of(bytes.toByteArray());
    }

    private static List<Digest> digests(List<ByteString> hashes) {
        return hashes.stream().map(LedgerAudit::digest).toList();
    }
}
