package dev.flora.service.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flora.api.ledger.v1.AcknowledgeRequest;
import dev.flora.api.ledger.v1.StartPosition;
import dev.flora.api.ledger.v1.SubscribeRequest;
import dev.flora.ledger.checkpoint.NoteSigner;
import dev.flora.service.db.EmbeddedDatabase;
import dev.flora.service.replica.AppendLoad.Unsettled;
import dev.flora.service.replica.LedgerAudit.Verified;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Two replicas of the packaged service on one PostgreSQL behave as one ledger: appends through
 * both at once form one contiguous chain that both serve identically and that verifies against
 * their signed checkpoint, an idempotent retry on the other replica returns the original result,
 * and a replica stopped under load and started again loses no acknowledged append and continues
 * the same chain.
 *
 * <p>The tests run in order on one growing ledger; each audits the whole of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class TwoReplicasIT {

    private final NoteSigner signer = NoteSigner.generate("flora-it");
    private final LedgerAudit audit = new LedgerAudit(signer.verifier());
    private final AppendLoad load = new AppendLoad();
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final List<ReplicaClient> clients = new ArrayList<>();
    private Path temp;
    private EmbeddedDatabase database;
    private ServiceProcess processB;
    private ReplicaClient a;
    private ReplicaClient b;
    private Verified first;

    @BeforeAll
    @Timeout(90)
    void startDatabaseAndTwoReplicas() throws Exception {
        temp = Files.createTempDirectory("flora-two-replicas");
        database = EmbeddedDatabase.startThrowaway(temp.resolve("pg"));
        // Started together, so that both migrate the empty database at the same time.
        ServiceProcess processA = start("a");
        processB = start("b");
        a = connect(processA.awaitReady());
        b = connect(processB.awaitReady());
        try (var connection = database.connect()) {
            ExampleAuthorities.register(connection);
        }
    }

    @AfterAll
    @Timeout(60)
    void stopEverything() throws Exception {
        for (ReplicaClient client : clients) {
            client.close();
        }
        processes.forEach(ServiceProcess::kill);
        if (database != null) {
            database.close();
        }
        Folders.delete(temp);
    }

    @Test
    @Order(1)
    @Timeout(90)
    void concurrentAppendsThroughBothReplicas_formOneLedgerThatBothServeAndThatVerifies()
            throws Exception {
        load.run(List.of(a, b), 8, 200);

        Verified verified = audit.audit(List.of(a, b), load.acks());
        assertEquals(3200, load.acks().size());
        assertEquals(load.acks().size(), verified.entries().size(), "entries besides the acks");
        assertTrue(load.retries() > 0, "no idempotent retry was sent");
        first = verified;
    }

    @Test
    @Order(2)
    @Timeout(60)
    void casesRevisedThroughBothReplicasAtOnce_getContiguousRevisions() throws Exception {
        HotCase.contend(List.of(a, b), load, 3, 15);

        audit.audit(List.of(a, b), load.acks());
    }

    @Test
    @Order(3)
    @Timeout(120)
    void aReplicaStoppedUnderLoadAndStartedAgain_keepsEveryAckAndContinuesTheChain()
            throws Exception {
        assertNotNull(first, "runs after the first test");
        AppendLoad.Run onA = load.start(List.of(a), 4, 150, false);
        AppendLoad.Run onB = load.start(List.of(b), 4, 5_000, true);
        load.awaitAcks(b.replica(), 100);
        processB.stop();
        load.await(onB);
        load.await(onA);

        processB = start("b");
        b = connect(processB.awaitReady());
        // Unknown outcomes are retried on the restarted replica: committed or not, each MUST end
        // up in the ledger exactly once (checked by the audit).
        List<Unsettled> unsettled = load.drainUnsettled();
        assertTrue(!unsettled.isEmpty(), "the stop interrupted no append");
        for (Unsettled request : unsettled) {
            load.record(b.replica(), request.authority(), request.request(),
                    b.append(request.authority(), request.request()));
        }
        load.run(List.of(a, b), 2, 100);

        Verified now = audit.audit(List.of(a, b), load.acks());
        assertEquals(load.acks().size(), now.entries().size(), "entries besides the acks");
        assertEquals(first.entries(), now.entries().subList(0, first.entries().size()),
                "the ledger before the restart");
        LedgerAudit.checkConsistency(a, first.checkpoint(), now.checkpoint());
        LedgerAudit.checkConsistency(b, first.checkpoint(), now.checkpoint());
    }

    @Test
    @Order(4)
    @Timeout(120)
    void aSubscriberOfOneReplica_getsWhatTheOtherAppends_andADurableOneOutlivesARestart()
            throws Exception {
        SubscribeRequest fromNow = SubscribeRequest.newBuilder()
                .setStart(StartPosition.newBuilder().setNow(true)).build();
        long[] appended = new long[20];
        long before = a.append("eae-chemnitz", ReplicaClient.registration()).getIndex();
        Subscriber.Received live = Subscriber.read(b, "bamf-nuernberg", fromNow, before + 20,
                () -> {
                    for (int i = 0; i < appended.length; i++) {
                        appended[i] = a.append("eae-chemnitz", ReplicaClient.registration())
                                .getIndex();
                    }
                });
        assertTrue(live.messages().get(0).hasCaughtUp(), live.messages().get(0).toString());
        List<Long> received = live.entries().stream().map(e -> e.getIndex()).toList();
        for (long index : appended) {
            assertTrue(received.contains(index), "replica b did not stream entry " + index
                    + " appended through replica a; got " + received);
        }

        SubscribeRequest durable = SubscribeRequest.newBuilder().setDurableName("it-sync")
                .setStart(StartPosition.newBuilder().setAfterIndex(appended[0] - 1)).build();
        Subscriber.read(b, "abh-leipzig", durable, appended[9], () -> { });
        b.subscriptions("abh-leipzig", 30).acknowledge(AcknowledgeRequest.newBuilder()
                .setDurableName("it-sync").setIndex(appended[4]).build());
        processB.stop();
        processB = start("b");
        b = connect(processB.awaitReady());
        Subscriber.Received resumed = Subscriber.read(b, "abh-leipzig",
                SubscribeRequest.newBuilder().setDurableName("it-sync").build(), appended[5],
                () -> { });
        assertEquals(appended[5], resumed.entries().get(0).getIndex(),
                "the durable subscription continues after its acknowledgement");
    }

    private ServiceProcess start(String name) {
        ServiceProcess process = ServiceProcess.start(name, Map.of(
                "FLORA_DB_URL", database.reactiveUrl(),
                "FLORA_DB_USER", EmbeddedDatabase.USER,
                "FLORA_CHECKPOINT_SIGNING_KEY", signer.formatPrivateKey(),
                "FLORA_DATA_DIR", temp.resolve(name).toString(),
                "FLORA_AUTH_MODE", "dev-metadata",
                "FLORA_CHECKPOINT_INTERVAL", "PT0.2S"));
        processes.add(process);
        return process;
    }

    private ReplicaClient connect(ServiceProcess process) {
        ReplicaClient client = new ReplicaClient(process);
        clients.add(client);
        return client;
    }
}
