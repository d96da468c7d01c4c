package dev.flora.service.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseChoiceTest {

    private static final Map<String, String> NONE = Map.of();

    @Test
    void nothingConfigured_choosesEmbeddedInFloraDataUnderTheWorkingDirectory() {
        DatabaseChoice choice = DatabaseChoice.decide(NONE, NONE);

        Path expected = Path.of("flora-data").toAbsolutePath().normalize();
        assertEquals(new DatabaseChoice.Embedded(expected), choice);
        assertEquals(expected.resolve("pg"), ((DatabaseChoice.Embedded) choice).clusterDirectory());
    }

    @Test
    void dataDir_systemPropertyBeatsEnvironmentVariable() {
        assertEquals(new DatabaseChoice.Embedded(Path.of("/srv/env")),
                DatabaseChoice.decide(Map.of("FLORA_DATA_DIR", "/srv/env"), NONE));
        assertEquals(new DatabaseChoice.Embedded(Path.of("/srv/prop")),
                DatabaseChoice.decide(Map.of("FLORA_DATA_DIR", "/srv/env"), Map.of("flora.data-dir", "/srv/prop")));
    }

    @Test
    void floraDbUrl_setsBothUrlsAndTheCredentials() {
        Map<String, String> env = Map.of("FLORA_DB_URL", "postgresql://db.example:5433/ledger?sslmode=require",
                "FLORA_DB_USER", "flora", "FLORA_DB_PASSWORD", "secret");

        DatabaseChoice.Given given = assertInstanceOf(DatabaseChoice.Given.class, DatabaseChoice.decide(env, NONE));

        assertEquals(Map.of(
                "quarkus.datasource.reactive.url", "postgresql://db.example:5433/ledger?sslmode=require",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://db.example:5433/ledger?sslmode=require",
                "quarkus.datasource.username", "flora",
                "quarkus.datasource.password", "secret"), given.properties());
        assertEquals("FLORA_DB_URL postgresql://db.example:5433/ledger", given.description());
    }

    @Test
    void floraDbUrl_parametersStayOutOfTheDescription() {
        DatabaseChoice choice = DatabaseChoice.decide(Map.of("FLORA_DB_URL", "postgresql://h/db?password=secret"), NONE);
        assertFalse(((DatabaseChoice.Given) choice).description().contains("secret"), choice.toString());
    }

    @Test
    void floraDbUrl_acceptsThePostgresScheme() {
        assertEquals("jdbc:postgresql://h/db",
                DatabaseChoice.urlProperties("postgres://h/db").get("quarkus.datasource.jdbc.url"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://h/db", "postgresql://h", "postgresql://h/", "postgresql:///db",
        "postgresql://u:p@h/db", "postgresql://h/a/b", "jdbc:postgresql://h/db", "not a url"})
    void floraDbUrl_malformed_isRejectedWithTheValueInTheMessage(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatabaseChoice.decide(Map.of("FLORA_DB_URL", url), NONE));
        assertTrue(e.getMessage().contains("'" + url + "'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL",
        "_PROD_QUARKUS_DATASOURCE_JDBC_URL"})
    void quarkusDatasourceUrlInTheEnvironment_isUsedAsGiven(String variable) {
        DatabaseChoice choice = DatabaseChoice.decide(Map.of(variable, "postgresql://h/db"), NONE);
        assertEquals(new DatabaseChoice.Given("quarkus.datasource settings", Map.of()), choice);
    }

    @ParameterizedTest
    @ValueSource(strings = {"quarkus.datasource.reactive.url", "%dev.quarkus.datasource.jdbc.url"})
    void quarkusDatasourceUrlAsSystemProperty_isUsedAsGiven(String property) {
        DatabaseChoice choice = DatabaseChoice.decide(NONE, Map.of(property, "postgresql://h/db"));
        assertInstanceOf(DatabaseChoice.Given.class, choice);
    }

    @Test
    void blankValues_countAsUnset() {
        assertInstanceOf(DatabaseChoice.Embedded.class,
                DatabaseChoice.decide(Map.of("FLORA_DB_URL", " ", "QUARKUS_DATASOURCE_JDBC_URL", ""), NONE));
    }

    @Test
    void credentialsWithoutUrl_areRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatabaseChoice.decide(Map.of("FLORA_DB_USER", "flora"), NONE));
        assertTrue(e.getMessage().contains("FLORA_DB_URL"), e.getMessage());
    }
}
