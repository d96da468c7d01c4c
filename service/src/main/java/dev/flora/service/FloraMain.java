package dev.flora.service;

import dev.flora.service.db.DatabaseSetup;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The entry point of {@code java -jar quarkus-run.jar}, of the native image and of
 * {@code quarkus:dev}: chooses the database (starting an embedded one if none is configured, see
 * {@link DatabaseSetup}), then runs Quarkus until it is stopped.
 */
@QuarkusMain
public final class FloraMain {

    private FloraMain() {
    }

    public static void main(String... args) {
        DatabaseSetup.prepare();
        Quarkus.run(args);
    }
}
