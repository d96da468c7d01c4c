package dev.flora.service.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flora.ledger.checkpoint.NoteSigner;
import dev.flora.service.replica.LedgerAudit.Verified;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Restart keeps everything: the packaged service started without database settings runs its
 * embedded PostgreSQL in FLORA_DATA_DIR; stopped (SIGTERM) and started again on the same folder
 * it serves every acknowledged entry, signs with the same generated key, and appends continue
 * the same chain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedRestartIT {

    private final List<ServiceProcess> processes = new ArrayList<>();
    private final List<ReplicaClient> clients = new ArrayList<>();
    private Path dataDir;

    @BeforeAll
    void createDataFolder() throws Exception {
        dataDir = Files.createTempDirectory("flora-embedded-restart");
    }

    @AfterAll
    @Timeout(60)
    void stopEverything() throws Exception {
        for (ReplicaClient client : clients) {
            client.close();
        }
        processes.forEach(ServiceProcess::kill);
        Folders.delete(dataDir);
    }

    @Test
    @Timeout(120)
    void restartOnTheEmbeddedDatabase_keepsTheLedgerAndTheKey() throws Exception {
        AppendLoad load = new AppendLoad();
        ServiceProcess before = start();
        ReplicaClient client = connect(before);
        ExampleAuthorities.registerInEmbedded(dataDir);
        load.run(List.of(client), 4, 100);
        NoteSigner key = NoteSigner.parsePrivateKey(Files.readString(
                dataDir.resolve("checkpoint-signing.key"), StandardCharsets.UTF_8).strip());
        LedgerAudit audit = new LedgerAudit(key.verifier());
        Verified first = audit.audit(List.of(client), load.acks());
        assertEquals(400, first.entries().size());
        before.stop();

        ReplicaClient again = connect(start());
        Verified kept = audit.audit(List.of(again), load.acks());
        assertEquals(first, kept, "the ledger and checkpoint after the restart");
        load.run(List.of(again), 2, 100);

        Verified grown = audit.audit(List.of(again), load.acks());
        assertEquals(600, grown.entries().size());
        assertEquals(first.entries(), grown.entries().subList(0, 400), "the first 400 entries");
        assertEquals(first.entries().get(399).getLeafHash(),
                grown.entries().get(400).getPreviousHash(), "the chain across the restart");
        LedgerAudit.checkConsistency(again, first.checkpoint(), grown.checkpoint());
    }

    private ServiceProcess start() throws InterruptedException {
        ServiceProcess process = ServiceProcess.start("embedded", Map.of(
                "FLORA_DATA_DIR", dataDir.toString(),
                "FLORA_AUTH_MODE", "dev-metadata",
                "FLORA_CHECKPOINT_INTERVAL", "PT0.2S"));
        processes.add(process);
        return process.awaitReady();
    }

    private ReplicaClient connect(ServiceProcess process) {
        ReplicaClient client = new ReplicaClient(process);
        clients.add(client);
        return client;
    }
}
