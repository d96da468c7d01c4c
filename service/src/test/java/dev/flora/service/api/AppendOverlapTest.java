package dev.flora.service.api;

import static dev.flora.service.api.LedgerClient.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.api.ledger.v1.AppendResponse;
import dev.flora.service.testing.PostgresResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A batch is planned while the one before it commits, on the head that one will leave; its
 * entries are inserted at once and its head check sent once the batch before it holds the head
 * or has ended (GroupCommitter's batches in flight, BatchWriter's "ahead" path). The first batch
 * is written on the head the batch before it left, in one statement (BatchWriter's "at last
 * head" path: an append before each test makes sure there is one). Both batches are held at
 * their INSERT, so that the second one is certainly planned ahead; then the first either commits
 * or its connection is cut. They are held by an advisory lock that a statement trigger takes
 * without a lock timeout, not by a table lock: the INSERT's own lock timeout (a second) would
 * end a table lock wait while a slow machine is still starting the second batch.
 */
@QuarkusTest
@Timeout(120)
class AppendOverlapTest extends GrpcTestBase {

    /**
     * The statement that writes a batch's entries (and, but for a batch planned ahead, the rest
     * of it: V9).
     */
    private static final String INSERT = "select flora_write_batch%";
    /** The advisory lock that holds the batches at their INSERT. */
    private static final long HOLD_KEY = 0x466c6f7261L;

    @Inject
    MeterRegistry meters;

    @Test
    void theBatchPlannedAhead_commitsRightAfterTheOneBeforeIt() throws Exception {
        double committed = ahead("committed");
        Batches batches = twoBatchesHeldAtTheirInsert(() -> { });
        long index = batches.first().get(30, TimeUnit.SECONDS).getIndex();
        assertEquals(index + 1, batches.second().get(30, TimeUnit.SECONDS).getIndex());
        assertEquals(committed + 1, ahead("committed"));
        assertHeadCountsTheEntries();
    }

    /**
     * The connection of the first batch, written in one statement, is cut: the batch is written
     * again on another (its request id makes that safe whether or not the statement committed),
     * and the batch planned ahead on it finds the head elsewhere, writes nothing, and is written
     * again after it.
     */
    @Test
    void whenTheBatchBeforeItIsLost_itIsWrittenAgain_andTheBatchPlannedAheadWritesNothing()
            throws Exception {
        Batches batches = twoBatchesHeldAtTheirInsert(() -> PostgresResource.execute(
                "select pg_terminate_backend(pid) from pg_stat_activity where wait_event_type"
                        + " = 'Lock' and query like '" + INSERT + "' order by xact_start limit 1"));
        assertEquals(batches.sizeBefore(), batches.first().get(30, TimeUnit.SECONDS).getIndex());
        assertEquals(batches.sizeBefore() + 1,
                batches.second().get(30, TimeUnit.SECONDS).getIndex());
        assertEquals(batches.moved() + 1, ahead("moved"));
        assertHeadCountsTheEntries();
    }

    /**
     * Another replica that holds the head writes at the index a batch planned ahead has already
     * inserted its (uncommitted) entry at: it must not wait for that entry (migration V8), or
     * the two would wait for each other, one for the head lock, the other for the row. Here the
     * first batch holds the head (held at its INSERT by a request id inserted here), the second
     * has inserted its entry and waits for the first, and a JDBC session writes at the second
     * one's index.
     */
    @Test
    void anInsertAtTheIndexOfAnEntryInsertedAhead_doesNotWaitForIt() throws Exception {
        client.as("eae-chemnitz").append(appendRequest());
        long size = headSize();
        AppendRequest first = appendRequest();
        try (Connection blocker = PostgresResource.connect();
                Connection replica = PostgresResource.connect()) {
            blocker.setAutoCommit(false);
            replica.setAutoCommit(false);
            insertEntry(blocker, -1, first.getRequestId());
            CompletableFuture<AppendResponse> one = appendAsync(first);
            PostgresResource.awaitLockWaits(INSERT, 1);
            CompletableFuture<AppendResponse> two = appendAsync(appendRequest());
            PostgresResource.awaitIdleInTransaction(INSERT, 1);

            try (Statement statement = replica.createStatement()) {
                statement.execute("set local lock_timeout = '500ms'");
            }
            insertEntry(replica, size + 1, "replica-" + UUID.randomUUID());
            replica.rollback();
            blocker.rollback();
            assertEquals(size, one.get(30, TimeUnit.SECONDS).getIndex());
            assertEquals(size + 1, two.get(30, TimeUnit.SECONDS).getIndex());
        }
        assertHeadCountsTheEntries();
    }

    /** Inserts a stand-in entry (not a valid one: the transaction is rolled back). */
    private static void insertEntry(Connection connection, long index, String requestId)
            throws SQLException {
        try (var insert = connection.prepareStatement("insert into ledger_entry (entry_index,"
                + " leaf_hash, entry_bytes, case_ref, event_type, authority_id, request_id,"
                + " federal_state, recorded_time, case_revision) values (?, ?, ?, ?,"
                + " 'registered', 'eae-chemnitz', ?, 'DE-SN', now(), 1)")) {
            insert.setLong(1, index);
            insert.setBytes(2, new byte[32]);
            insert.setBytes(3, new byte[1]);
            insert.setString(4, "c-" + UUID.randomUUID());
            insert.setString(5, requestId);
            insert.executeUpdate();
        }
    }

    /**
     * The two batches, the ledger size before them, and the "moved" count of batches planned
     * ahead before them.
     */
    private record Batches(CompletableFuture<AppendResponse> first,
            CompletableFuture<AppendResponse> second, long sizeBefore, double moved) {
    }

    private interface Step {
        void run() throws SQLException;
    }

    /**
     * Two appends in two batches, both held at their INSERT: the first holding the head, the
     * second planned ahead behind it; then {@code meanwhile} runs and they are let go.
     */
    private Batches twoBatchesHeldAtTheirInsert(Step meanwhile) throws SQLException {
        client.as("eae-chemnitz").append(appendRequest());
        long sizeBefore = headSize();
        double moved = ahead("moved");
        PostgresResource.execute("create function hold_inserts() returns trigger"
                + " language plpgsql set lock_timeout = 0 as $$ begin"
                + " perform pg_advisory_xact_lock_shared(" + HOLD_KEY + "); return null; end $$",
                "create trigger hold_inserts before insert on ledger_entry"
                        + " for each statement execute function hold_inserts()");
        try (Connection holder = PostgresResource.connect()) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("select pg_advisory_xact_lock(" + HOLD_KEY + ")");
            }
            CompletableFuture<AppendResponse> first = appendAsync();
            PostgresResource.awaitLockWaits(INSERT, 1);
            CompletableFuture<AppendResponse> second = appendAsync();
            PostgresResource.awaitLockWaits(INSERT, 2);
            meanwhile.run();
            holder.rollback();
            return new Batches(first, second, sizeBefore, moved);
        } finally {
            PostgresResource.execute("drop trigger hold_inserts on ledger_entry",
                    "drop function hold_inserts()");
        }
    }

    private CompletableFuture<AppendResponse> appendAsync() {
        return appendAsync(appendRequest());
    }

    private CompletableFuture<AppendResponse> appendAsync(AppendRequest request) {
        return CompletableFuture.supplyAsync(() -> client.as("eae-chemnitz").append(request));
    }

    private static AppendRequest appendRequest() {
        return request("c-" + UUID.randomUUID(), "registered", Map.of("federal_state", "DE-SN"));
    }

    private double ahead(String outcome) {
        var counter = meters.find("flora.append.ahead").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static long headSize() throws SQLException {
        try (Connection connection = PostgresResource.connect();
                Statement statement = connection.createStatement();
                ResultSet head = statement.executeQuery("select tree_size from ledger_head")) {
            head.next();
            return head.getLong(1);
        }
    }

    private static void assertHeadCountsTheEntries() throws SQLException {
        try (Connection connection = PostgresResource.connect();
                Statement statement = connection.createStatement();
                ResultSet head = statement.executeQuery("select tree_size, (select count(*)"
                        + " from ledger_entry), (select max(entry_index) + 1 from ledger_entry)"
                        + " from ledger_head")) {
            head.next();
            assertEquals(head.getLong(2), head.getLong(1), "entries vs the head's size");
            assertEquals(head.getLong(3), head.getLong(1), "no gap");
        }
    }
}
