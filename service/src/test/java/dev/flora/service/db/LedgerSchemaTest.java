package dev.flora.service.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flora.service.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LedgerSchemaTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    /**
     * The head that migration V1 inserts, read through the reactive pool. Other test classes share
     * the database and may have appended since; the head must then still count the entries.
     */
    @Test
    void ledgerHead_existsOnce_andCountsTheEntries_zeroOnAFreshLedger() {
        RowSet<Row> rows = pool.query("select id, tree_size, compact_range,"
                + " (select count(*) from ledger_entry) entries from ledger_head")
                .execute().await().atMost(WAIT);

        assertEquals(1, rows.size(), "ledger_head rows");
        Row head = rows.iterator().next();
        assertEquals(1, head.getInteger("id"));
        assertEquals(head.getLong("entries"), head.getLong("tree_size"), "tree_size vs entries");
        if (head.getLong("entries") == 0) {
            assertEquals(0L, head.getLong("tree_size"));
            assertArrayEquals(new byte[8], head.getBuffer("compact_range").getBytes(), "compact_range of the empty tree");
        }
    }

    @Test
    void flyway_hasAppliedV1() {
        Row v1 = pool.query("select success from flyway_schema_history where version = '1'")
                .execute().await().atMost(WAIT).iterator().next();
        assertTrue(v1.getBoolean("success"));
    }

    @Test
    void migrations_createExactlyTheLedgerAndRelationalTables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection connection = PostgresResource.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select table_name from information_schema.tables"
                        + " where table_schema = 'public' and table_name <> 'flyway_schema_history'"
                        + " order by table_name")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        assertEquals(List.of("attribute_rule", "authority", "case_state", "checkpoint",
                "durable_subscription", "event_rule", "ledger_entry", "ledger_head",
                "merkle_tile"), tables);
    }

    @Test
    void ledgerHead_rejectsASecondRow() {
        Throwable failure = pool.query("insert into ledger_head values (2, 0, '\\x00',"
                        + " decode(repeat('00', 32), 'hex'))")
                .execute().onItem().<Throwable>transform(ignored -> null)
                .onFailure().recoverWithItem(e -> e)
                .await().atMost(WAIT);

        assertNotNull(failure, "a second head row was accepted");
        assertTrue(failure.getMessage().contains("ledger_head_id_check"), "want a check violation, got " + failure);
    }

    @Test
    void appendConnections_planEveryExecutionWithItsParameters() {
        Row setting = pool.query("show plan_cache_mode").execute().await().atMost(WAIT)
                .iterator().next();
        assertEquals("force_custom_plan", setting.getString(0));
    }

    /** The head check of batches planned ahead (migration V6) against the current head. */
    @Test
    void lockHeadAt_locksOnlyTheExpectedHead() throws SQLException {
        try (Connection connection = PostgresResource.connect()) {
            connection.setAutoCommit(false);
            long size;
            byte[] last;
            try (Statement statement = connection.createStatement();
                    ResultSet head = statement.executeQuery(
                            "select tree_size, last_leaf_hash from ledger_head")) {
                head.next();
                size = head.getLong(1);
                last = head.getBytes(2);
            }
            lockHeadAt(connection, size, last);
            connection.rollback();
            SQLException elsewhere = assertThrows(SQLException.class,
                    () -> lockHeadAt(connection, size + 1, last));
            assertEquals("FL001", elsewhere.getSQLState());
            connection.rollback();
            byte[] otherLeaf = last.clone();
            otherLeaf[0] ^= 1;
            assertEquals("FL001", assertThrows(SQLException.class,
                    () -> lockHeadAt(connection, size, otherLeaf)).getSQLState());
            connection.rollback();
        }
    }

    /**
     * A batch planned ahead waits for the batch holding the head; when that one rolls back, the
     * head is not the one it expected and the check fails instead of writing after a gap.
     */
    @Test
    void lockHeadAt_waitsForTheHolder_andFailsWhenTheHolderRollsBack() throws Exception {
        try (Connection holder = PostgresResource.connect();
                Connection follower = PostgresResource.connect()) {
            holder.setAutoCommit(false);
            follower.setAutoCommit(false);
            long size;
            byte[] last;
            try (Statement statement = holder.createStatement();
                    ResultSet head = statement.executeQuery("select tree_size, last_leaf_hash"
                            + " from ledger_head for update")) {
                head.next();
                size = head.getLong(1);
                last = head.getBytes(2);
            }
            try (Statement statement = holder.createStatement()) {
                statement.executeUpdate("update ledger_head set tree_size = tree_size + 1");
            }
            var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    lockHeadAt(follower, size + 1, last);
                    return "locked";
                } catch (SQLException e) {
                    return e.getSQLState();
                }
            });
            PostgresResource.awaitLockWaits("select flora_lock_head_at%", 1);
            assertFalse(waiting.isDone(), "the check must wait for the holder's lock");
            holder.rollback();
            assertEquals("FL001", waiting.get(30, java.util.concurrent.TimeUnit.SECONDS));
            follower.rollback();
        }
    }

    /**
     * The head check of a batch written in one call (migration V9, the same check as V6's): at a
     * head that is elsewhere it fails with FL001 and writes nothing, not the entry it carries.
     */
    @Test
    void writeBatchAtAHead_thatIsElsewhere_failsAndWritesNothing() throws SQLException {
        try (Connection connection = PostgresResource.connect();
                Statement statement = connection.createStatement()) {
            long size;
            byte[] last;
            try (ResultSet head = statement.executeQuery(
                    "select tree_size, last_leaf_hash from ledger_head")) {
                head.next();
                size = head.getLong(1);
                last = head.getBytes(2);
            }
            byte[] otherLeaf = last.clone();
            otherLeaf[0] ^= 1;
            String requestId = "schema-" + java.util.UUID.randomUUID();
            assertEquals("FL001", assertThrows(SQLException.class,
                    () -> writeBatchAt(connection, size + 1, last, requestId)).getSQLState());
            assertEquals("FL001", assertThrows(SQLException.class,
                    () -> writeBatchAt(connection, size, otherLeaf, requestId)).getSQLState());
            try (ResultSet after = statement.executeQuery("select (select tree_size from"
                    + " ledger_head), (select count(*) from ledger_entry where request_id = '"
                    + requestId + "')")) {
                after.next();
                assertEquals(size, after.getLong(1), "the head did not move");
                assertEquals(0, after.getLong(2), "the entry was not written");
            }
        }
    }

    /** One stand-in entry (not a valid one) at {@code size}, in autocommit mode. */
    private static void writeBatchAt(Connection connection, long size, byte[] last,
            String requestId) throws SQLException {
        try (var call = connection.prepareStatement("select flora_write_batch(?, ?, ?, now(),"
                + " array[?], array['\\x00'::bytea], array['c-schema'], array['registered'],"
                + " array['eae-chemnitz'], array[?], array['DE-SN'], array[1::bigint],"
                + " array['registered'], array[''], null, '{}'::int[], '{}'::bigint[],"
                + " '{}'::bytea[], ?, '\\x00'::bytea, ?, 'schema-test 0')")) {
            call.setLong(1, size);
            call.setBytes(2, last);
            call.setLong(3, size);
            call.setBytes(4, new byte[32]);
            call.setString(5, requestId);
            call.setLong(6, size + 1);
            call.setBytes(7, new byte[32]);
            call.executeQuery().close();
        }
    }

    private static void lockHeadAt(Connection connection, long size, byte[] last)
            throws SQLException {
        try (var call = connection.prepareStatement("select flora_lock_head_at(?, ?)")) {
            call.setLong(1, size);
            call.setBytes(2, last);
            call.executeQuery().close();
        }
    }
}
