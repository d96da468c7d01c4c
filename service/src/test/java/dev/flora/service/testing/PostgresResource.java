package dev.flora.service.testing;

import dev.flora.service.db.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Gives every {@code @QuarkusTest} of the service a real PostgreSQL: ONE embedded server per test
 * JVM, on a throwaway cluster in a temporary folder, stopped and deleted when the JVM exits.
 *
 * <p>Registered for all tests by the annotation on this class ({@code restrictToAnnotatedClass =
 * false}); test classes need no annotation of their own. Tests share the server, its schema
 * (Flyway migrates it once, at the first Quarkus start) and the ledger: a test MUST NOT rely on an
 * empty ledger and MUST NOT truncate it (the running service keeps state about it). {@link
 * #connect()} and {@link #execute} reach it over JDBC, for arranging and checking rows outside Quarkus.
 */
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
public final class PostgresResource implements QuarkusTestResourceLifecycleManager {

    // System properties, not static fields: Quarkus may load this class in more than one class
    // loader, and there must still be only one server per JVM.
    private static final String JDBC_URL = "flora.test.postgres.jdbc-url";
    private static final String REACTIVE_URL = "flora.test.postgres.reactive-url";

    @Override
    public Map<String, String> start() {
        synchronized (System.class) {
            if (System.getProperty(JDBC_URL) == null) {
                EmbeddedDatabase database = startThrowaway();
                Runtime.getRuntime().addShutdownHook(new Thread(database::close, "flora-test-postgres-stop"));
                System.setProperty(REACTIVE_URL, database.reactiveUrl());
                System.setProperty(JDBC_URL, database.jdbcUrl());
            }
        }
        return Map.of(
                "quarkus.datasource.reactive.url", System.getProperty(REACTIVE_URL),
                "quarkus.datasource.jdbc.url", System.getProperty(JDBC_URL),
                "quarkus.datasource.username", EmbeddedDatabase.USER);
    }

    private static EmbeddedDatabase startThrowaway() {
        try {
            return EmbeddedDatabase.startThrowaway(Files.createTempDirectory("flora-test-pg"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the test PostgreSQL", e);
        }
    }

    /** Nothing: the server lives as long as the JVM, so that Quarkus restarts reuse it. */
    @Override
    public void stop() {
    }

    /** Runs each statement in order, in autocommit mode, on a fresh JDBC connection. */
    public static void execute(String... statements) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /**
     * Returns once at least {@code sessions} sessions whose current statement is LIKE
     * {@code statementLike} wait for a lock; fails after 30 s.
     */
    public static void awaitLockWaits(String statementLike, int sessions) throws SQLException {
        awaitSessions("wait_event_type = 'Lock'", "waited for a lock", statementLike, sessions);
    }

    /**
     * Returns once at least {@code sessions} sessions whose last statement is LIKE
     * {@code statementLike} have run it and wait, idle, inside their transaction; fails after
     * 30 s.
     */
    public static void awaitIdleInTransaction(String statementLike, int sessions)
            throws SQLException {
        awaitSessions("state = 'idle in transaction'", "were idle in a transaction",
                statementLike, sessions);
    }

    private static void awaitSessions(String condition, String what, String statementLike,
            int sessions) throws SQLException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        try (Connection watcher = connect();
                var count = watcher.prepareStatement("select count(*) from pg_stat_activity"
                        + " where " + condition + " and query like ?")) {
            count.setString(1, statementLike);
            while (System.nanoTime() < deadline) {
                try (var waiting = count.executeQuery()) {
                    waiting.next();
                    if (waiting.getLong(1) >= sessions) {
                        return;
                    }
                }
            }
        }
        throw new AssertionError("fewer than " + sessions + " sessions running '" + statementLike
                + "' " + what + " within 30 s");
    }

    /**
     * A JDBC connection to the test database, as its superuser. The caller closes it.
     *
     * @throws IllegalStateException if no Quarkus test has started the server yet
     */
    public static Connection connect() throws SQLException {
        String url = System.getProperty(JDBC_URL);
        if (url == null) {
            throw new IllegalStateException("the test PostgreSQL is not running: call from a @QuarkusTest");
        }
        return DriverManager.getConnection(url, EmbeddedDatabase.USER, "");
    }
}
