package dev.flora.service.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server on its own, without Quarkus. */
@Timeout(120)
class EmbeddedDatabaseTest {

    @TempDir
    Path folder;

    @Test
    void startKept_keepsDataAcrossAStopAndASecondStartInTheSameFolder() throws SQLException {
        Path cluster = folder.resolve("pg");
        try (EmbeddedDatabase first = EmbeddedDatabase.startKept(cluster)) {
            execute(first, "create table kept (v text)", "insert into kept values ('survives')");
        }
        assertTrue(Files.exists(cluster.resolve("PG_VERSION")), "cluster files left in place");

        try (EmbeddedDatabase second = EmbeddedDatabase.startKept(cluster)) {
            assertEquals("survives", queryOne(second, "select v from kept"));
            assertEquals(cluster.toAbsolutePath(), second.directory());
        }
    }

    @Test
    void startKept_refusesAFolderWhoseServerIsStillRunning() throws SQLException {
        Path cluster = folder.resolve("pg");
        try (EmbeddedDatabase running = EmbeddedDatabase.startKept(cluster)) {
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> EmbeddedDatabase.startKept(cluster));
            assertTrue(failure.getMessage().contains(cluster.toString()), failure.getMessage());
            assertEquals("survives", queryOne(running, "select 'survives'"), "first server unharmed");
        }
    }

    @Test
    void startThrowaway_deletesItsClusterOnClose() throws SQLException {
        Path cluster = folder.resolve("throwaway");
        try (EmbeddedDatabase database = EmbeddedDatabase.startThrowaway(cluster)) {
            assertEquals("flora", queryOne(database, "select current_database()"));
        }
        assertFalse(Files.exists(cluster), "cluster deleted");
    }

    @Test
    void urls_pointBothClientsAtTheLedgerDatabase() {
        try (EmbeddedDatabase database = EmbeddedDatabase.startThrowaway(folder.resolve("urls"))) {
            int port = database.port();
            assertEquals("jdbc:postgresql://localhost:" + port + "/flora", database.jdbcUrl());
            assertEquals("postgresql://localhost:" + port + "/flora", database.reactiveUrl());
            assertEquals(database.reactiveUrl(), database.datasourceProperties().get("quarkus.datasource.reactive.url"));
            assertEquals(database.jdbcUrl(), database.datasourceProperties().get("quarkus.datasource.jdbc.url"));
            assertTrue(database.serverVersion().startsWith("17."), "version " + database.serverVersion());
        }
    }

    private static void execute(EmbeddedDatabase database, String... statements) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String queryOne(EmbeddedDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            assertTrue(rows.next(), "no row for " + sql);
            return rows.getString(1);
        }
    }
}
