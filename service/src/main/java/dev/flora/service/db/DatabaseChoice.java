package dev.flora.service.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which PostgreSQL the service uses, decided once before Quarkus starts, from environment
 * variables and system properties only.
 *
 * <p>The rules, first match wins:
 * <ol>
 *   <li>{@code FLORA_DB_URL} (or {@code -Dflora.db.url}) of the form
 *       {@code postgresql://host:port/db}: that server, for both the reactive client and JDBC.
 *   <li>{@code quarkus.datasource.reactive.url} or {@code quarkus.datasource.jdbc.url}, as a
 *       system property or environment variable (also with a profile prefix such as
 *       {@code %prod.} or {@code _PROD_}): the Quarkus settings as given.
 *   <li>Otherwise an embedded PostgreSQL whose cluster lives in {@code <data-dir>/pg}, where
 *       data-dir is {@code -Dflora.data-dir}, else {@code FLORA_DATA_DIR}, else {@code ./flora-data}.
 * </ol>
 * {@code FLORA_DB_USER} and {@code FLORA_DB_PASSWORD} (or {@code flora.db.user} /
 * {@code flora.db.password}) set the datasource credentials in the first two cases and MUST NOT
 * appear without a database URL. A datasource URL written only into application.properties is not
 * seen here: give it as an environment variable or system property.
 */
public sealed interface DatabaseChoice {

    /** The default folder for service data, relative to the working directory. */
    String DEFAULT_DATA_DIR = "./flora-data";

    /**
     * A server given by the operator.
     *
     * @param description what was chosen, for the log; never contains a password
     * @param properties Quarkus settings to add (empty when the Quarkus settings were given as is)
     */
    record Given(String description, Map<String, String> properties) implements DatabaseChoice {
        public Given {
            if (description.isBlank()) {
                throw new IllegalArgumentException("blank description");
            }
            properties = Map.copyOf(properties);
        }

        /** Only the description: the properties may hold a password. */
        @Override
        public String toString() {
            return "Given[" + description + "]";
        }
    }

    /**
     * No server given: run an embedded one.
     *
     * @param dataDirectory the absolute service data folder; the cluster lives in its {@code pg}
     */
    record Embedded(Path dataDirectory) implements DatabaseChoice {
        public Embedded {
            if (!dataDirectory.isAbsolute()) {
                throw new IllegalArgumentException("data directory " + dataDirectory + " is not absolute");
            }
        }

        /** The PostgreSQL cluster folder (PGDATA). */
        public Path clusterDirectory() {
            return dataDirectory.resolve("pg");
        }
    }

    /**
     * Applies the rules above.
     *
     * @param env the environment variables ({@link System#getenv()})
     * @param properties the system properties, as strings
     * @throws IllegalArgumentException if FLORA_DB_URL is malformed or credentials come without URL
     */
    static DatabaseChoice decide(Map<String, String> env, Map<String, String> properties) {
        DatasourceSettings settings = new DatasourceSettings(env, properties);
        Map<String, String> credentials = new LinkedHashMap<>();
        settings.get("flora.db.user", "FLORA_DB_USER")
                .ifPresent(user -> credentials.put("quarkus.datasource.username", user));
        settings.get("flora.db.password", "FLORA_DB_PASSWORD")
                .ifPresent(password -> credentials.put("quarkus.datasource.password", password));

        Optional<String> floraUrl = settings.get("flora.db.url", "FLORA_DB_URL");
        if (floraUrl.isPresent()) {
            Map<String, String> all = new LinkedHashMap<>(urlProperties(floraUrl.get()));
            all.putAll(credentials);
            // Parameters stay out of the log: pgjdbc accepts a password among them.
            String withoutParameters = floraUrl.get().split("\\?", 2)[0];
            return new Given("FLORA_DB_URL " + withoutParameters, all);
        }
        if (settings.anyQuarkusDatasourceUrl()) {
            return new Given("quarkus.datasource settings", credentials);
        }
        if (!credentials.isEmpty()) {
            throw new IllegalArgumentException(
                    "FLORA_DB_USER/FLORA_DB_PASSWORD are set but no database URL is: set FLORA_DB_URL");
        }
        String dataDir = settings.get("flora.data-dir", "FLORA_DATA_DIR").orElse(DEFAULT_DATA_DIR);
        return new Embedded(Path.of(dataDir).toAbsolutePath().normalize());
    }

    /**
     * The reactive and JDBC URLs for a {@code postgresql://host[:port]/db[?params]} URL (the
     * scheme {@code postgres://} is accepted too). Credentials MUST NOT be inside the URL.
     */
    static Map<String, String> urlProperties(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw badUrl(url, e.getReason());
        }
        String scheme = uri.getScheme();
        if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
            throw badUrl(url, "scheme is " + scheme + ", want postgresql");
        }
        if (uri.getHost() == null) {
            throw badUrl(url, "no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw badUrl(url, "credentials belong in FLORA_DB_USER and FLORA_DB_PASSWORD");
        }
        String path = uri.getRawPath();
        if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw badUrl(url, "no database name");
        }
        String rest = url.strip().substring(scheme.length()); // "://host:port/db?params"
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql" + rest,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql" + rest);
    }

    private static IllegalArgumentException badUrl(String url, String reason) {
        return new IllegalArgumentException(
                "FLORA_DB_URL '" + url + "' is not of the form postgresql://host:port/db: " + reason);
    }
}
