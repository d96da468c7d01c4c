package dev.flora.service.db;

import io.quarkus.runtime.Application;
import io.quarkus.runtime.ImageMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.jboss.logging.Logger;

/**
 * Points Quarkus at a database before Quarkus reads its configuration: applies the
 * {@link DatabaseChoice} by setting system properties, and starts the embedded PostgreSQL when no
 * database is configured.
 *
 * <p>Why system properties set from a {@code @QuarkusMain} (see {@code FloraMain}): they are read
 * by the runtime configuration of {@code java -jar}, of {@code quarkus:dev} (which also calls our
 * main, and again on every live reload) and of the native image, and they beat
 * application.properties and environment variables. The server must be running before Flyway and
 * the pools start, which rules out startup observers; a config source that forks a process
 * would also run at build time. {@code @QuarkusTest} does not call main: tests get their server
 * from the test resource {@code dev.flora.service.testing.PostgresResource}.
 */
public final class DatabaseSetup {

    /** Set once this JVM runs an embedded server; a dev-mode reload then keeps using it. */
    static final String EMBEDDED_PORT_PROPERTY = "flora.embedded-db.port";

    /**
     * Set by the Quarkus build when it runs the packaged application to record the AppCDS archive
     * ({@code quarkus.package.jar.appcds.enabled}); that run stops after static init and MUST NOT
     * start an embedded server.
     */
    static final String APPCDS_GENERATION_PROPERTY = "quarkus.appcds.generate";

    private static final Logger LOG = Logger.getLogger(DatabaseSetup.class);

    private DatabaseSetup() {
    }

    /**
     * Decides from the environment and the system properties, then applies the choice. Once this
     * JVM runs an embedded server, later calls (dev-mode reloads) change nothing; neither does a
     * call while the build records the AppCDS archive.
     *
     * @throws IllegalArgumentException if the database settings are malformed
     * @throws IllegalStateException in a native image when no database is configured
     */
    public static void prepare() {
        if (Boolean.getBoolean(APPCDS_GENERATION_PROPERTY)) {
            return;
        }
        if (System.getProperty(EMBEDDED_PORT_PROPERTY) != null) {
            LOG.infof("Reusing the embedded PostgreSQL on port %s started earlier in this JVM",
                    System.getProperty(EMBEDDED_PORT_PROPERTY));
            return;
        }
        DatabaseChoice choice = DatabaseChoice.decide(System.getenv(), stringProperties(System.getProperties()));
        if (choice instanceof DatabaseChoice.Given given) {
            LOG.infof("Database: %s", given.description());
            given.properties().forEach(System::setProperty);
        } else if (choice instanceof DatabaseChoice.Embedded embedded) {
            startEmbedded(embedded);
        }
    }

    private static void startEmbedded(DatabaseChoice.Embedded choice) {
        if (ImageMode.current().isNativeImage()) {
            // zonky unpacks its binaries from jar resources the native image does not carry.
            throw new IllegalStateException("No database configured. The native image cannot run an"
                    + " embedded PostgreSQL: set FLORA_DB_URL=postgresql://host:port/db, FLORA_DB_USER"
                    + " and FLORA_DB_PASSWORD (or quarkus.datasource.reactive.url and .jdbc.url)");
        }
        EmbeddedDatabase database = EmbeddedDatabase.startKept(choice.clusterDirectory());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAfterQuarkus(database),
                "flora-embedded-postgres-stop"));
        database.datasourceProperties().forEach(System::setProperty);
        System.setProperty(EMBEDDED_PORT_PROPERTY, Integer.toString(database.port()));
        LOG.warnf("No database configured: running embedded PostgreSQL %s in %s on port %d"
                        + " (development only; set FLORA_DB_URL to use a real server)",
                database.serverVersion(), database.directory(), database.port());
    }

    /**
     * Quarkus stops in its own shutdown hook and hooks run concurrently: wait until the
     * application has stopped (pools closed, in-flight appends done) before stopping the server.
     */
    private static void stopAfterQuarkus(EmbeddedDatabase database) {
        Application application = Application.currentApplication();
        if (application != null) {
            application.awaitShutdown();
        }
        database.close();
    }

    private static Map<String, String> stringProperties(Properties properties) {
        Map<String, String> strings = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            strings.put(name, properties.getProperty(name));
        }
        return strings;
    }
}
