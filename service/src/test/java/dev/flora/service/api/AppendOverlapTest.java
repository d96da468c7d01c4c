package dev.flora.service.api;

import static dev.flora.service.api.LedgerClient.errorInfo;
import static dev.flora.service.api.LedgerClient.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.api.ledger.v1.AppendResponse;
import dev.flora.service.testing.PostgresResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A batch is planned while the one before it commits, on the head that one will leave; its
 * entries are inserted at once and its head check sent once the batch before it holds the head
 * (GroupCommitter's batches in flight, BatchWriter's "ahead" path). Both batches are held at
 * their INSERT, so that the second one is certainly planned ahead; then the first either commits
 * or its connection is cut. They are held by an advisory lock that a statement trigger takes
 * without a lock timeout, not by a table lock: the INSERT's own lock timeout (a second) would
 * end a table lock wait while a slow machine is still starting the second batch.
 */
@QuarkusTest
@Timeout(120)
class AppendOverlapTest extends GrpcTestBase {

    private static final String INSERT = "insert into ledger_entry%";
    private static final String HEAD_CHECK = "select flora_lock_head_at%";
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

    @Test
    void whenTheBatchBeforeItIsLost_theBatchPlannedAheadWritesNothing_andIsWrittenAgain()
            throws Exception {
        double moved = ahead("moved");
        long sizeBefore = headSize();
        Batches batches = twoBatchesHeldAtTheirInsert(() -> PostgresResource.execute(
                "select pg_terminate_backend(pid) from pg_stat_activity where wait_event_type"
                        + " = 'Lock' and query like '" + INSERT + "' order by xact_start limit 1"));
        ExecutionException lost = assertThrows(ExecutionException.class,
                () -> batches.first().get(30, TimeUnit.SECONDS));
        StatusRuntimeException status = (StatusRuntimeException) lost.getCause();
        assertEquals(Status.Code.UNAVAILABLE, status.getStatus().getCode());
        assertEquals("STORAGE_UNAVAILABLE", errorInfo(status).getReason());
        assertEquals(sizeBefore, batches.second().get(30, TimeUnit.SECONDS).getIndex(),
                "written again at the index the lost batch would have taken");
        assertEquals(moved + 1, ahead("moved"));
        assertHeadCountsTheEntries();
    }

    /**
     * Another replica that holds the head writes at the index a batch planned ahead has already
     * inserted its (uncommitted) entry at: it must not wait for that entry (migration V8), or
     * the two would wait for each other, one for the head lock, the other for the row. Here the
     * first batch holds the head (held at its INSERT by a request id inserted here), the second
     * has inserted its entry and waits at its head check, and a JDBC session writes at the second
     * one's index.
     */
    @Test
    void anInsertAtTheIndexOfAnEntryInsertedAhead_doesNotWaitForIt() throws Exception {
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
            PostgresResource.awaitLockWaits(HEAD_CHECK, 1);

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

    private record Batches(CompletableFuture<AppendResponse> first,
            CompletableFuture<AppendResponse> second) {
    }

    private interface Step {
        void run() throws SQLException;
    }

    /**
     * Two appends in two batches, both held at their INSERT: the first holding the head, the
     * second planned ahead behind it; then {@code meanwhile} runs and they are let go.
     */
    private Batches twoBatchesHeldAtTheirInsert(Step meanwhile) throws SQLException {
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
            return new Batches(first, second);
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
