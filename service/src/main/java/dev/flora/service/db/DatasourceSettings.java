package dev.flora.service.db;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Looks a setting up as a system property first, then as an environment variable. */
final class DatasourceSettings {
    private static final String[] URL_KEYS = {"quarkus.datasource.reactive.url", "quarkus.datasource.jdbc.url"};

    private final Map<String, String> env;
    private final Map<String, String> properties;

    DatasourceSettings(Map<String, String> env, Map<String, String> properties) {
        this.env = Map.copyOf(env);
        this.properties = Map.copyOf(properties);
    }

    /** The non-blank, stripped value of the system property, else of the environment variable. */
    Optional<String> get(String property, String variable) {
        return nonBlank(properties.get(property)).or(() -> nonBlank(env.get(variable)));
    }

    /**
     * True if a default-datasource URL is set, with or without a profile prefix
     * ({@code %prod.quarkus.datasource.jdbc.url}, {@code _PROD_QUARKUS_DATASOURCE_JDBC_URL}).
     */
    boolean anyQuarkusDatasourceUrl() {
        for (String key : URL_KEYS) {
            String variable = key.toUpperCase(Locale.ROOT).replace('.', '_');
            if (anySet(properties, key, "%", "." + key) || anySet(env, variable, "_", "_" + variable)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anySet(Map<String, String> source, String key, String profileStart, String profiledEnd) {
        return source.entrySet().stream()
                .filter(e -> e.getKey().equals(key)
                        || e.getKey().startsWith(profileStart) && e.getKey().endsWith(profiledEnd))
                .anyMatch(e -> nonBlank(e.getValue()).isPresent());
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
