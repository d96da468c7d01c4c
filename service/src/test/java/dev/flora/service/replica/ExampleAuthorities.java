package dev.flora.service.replica;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Registers the development authorities (the service's own {@code db/dev} script) in a database
 * the packaged service has migrated.
 *
 * <p>Why the tests do it: the packaged service migrates only {@code db/migration}.
 * {@code quarkus.flyway.locations} is fixed when the jar is built, so setting
 * QUARKUS_FLYWAY_LOCATIONS for the packaged app only logs a warning. Production registers its
 * authorities itself; so does this test, with SQL, before the first call (the service loads the
 * registry lazily).
 */
final class ExampleAuthorities {

    private static final String SCRIPT = "db/dev/R__example_authorities.sql";

    private ExampleAuthorities() {
    }

    /** Runs the script on {@code connection}. */
    static void register(Connection connection) throws SQLException, IOException {
        try (InputStream in = ExampleAuthorities.class.getClassLoader().getResourceAsStream(SCRIPT);
                Statement statement = connection.createStatement()) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is not on the test class path");
            }
            statement.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /**
     * Runs the script on the embedded PostgreSQL a running service started in {@code dataDir}:
     * its port is the fourth line of PostgreSQL's {@code postmaster.pid}, and it trusts local
     * connections of the superuser.
     */
    static void registerInEmbedded(Path dataDir) throws SQLException, IOException {
        List<String> pid = Files.readAllLines(dataDir.resolve("pg").resolve("postmaster.pid"));
        String url = "jdbc:postgresql://localhost:" + pid.get(3).strip() + "/flora";
        try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
            register(connection);
        }
    }
}
