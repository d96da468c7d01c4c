package dev.flora.service.security;

import dev.flora.service.error.FloraException;
import dev.flora.service.error.Reason;
import dev.flora.service.registry.Registry;
import dev.flora.service.rules.Authority;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Resolves the authority behind the current gRPC call. MUST be called on the thread that
 * entered the service method (the gRPC Context is thread-bound), before any asynchronous step.
 */
@ApplicationScoped
public class Callers {

    private static final Logger LOG = Logger.getLogger(Callers.class);

    private final Registry registry;
    private final AuthMode mode;

    @Inject
    public Callers(Registry registry, @ConfigProperty(name = "flora.auth.mode") AuthMode mode) {
        this.registry = registry;
        this.mode = mode;
    }

    void announce(@Observes StartupEvent start) {
        if (mode == AuthMode.DEV_METADATA) {
            LOG.warn("*** DEVELOPMENT AUTH MODE (flora.auth.mode=dev-metadata): callers name"
                    + " their authority in the x-flora-authority metadata and are BELIEVED."
                    + " Anyone who reaches this port can act as any authority."
                    + " Never run this way with real data. ***");
        }
    }

    /**
     * The calling authority.
     *
     * @return a Uni failing with UNAUTHENTICATED when no identity was presented, or
     *     UNKNOWN_AUTHORITY when it is not registered
     */
    public Uni<Authority> current() {
        String presented = CallerInterceptor.PRESENTED_AUTHORITY.get();
        if (presented == null || presented.isBlank()) {
            return Uni.createFrom().failure(FloraException.of(Reason.UNAUTHENTICATED,
                    "no caller identity: in development mode send the authority id in the '"
                            + CallerInterceptor.AUTHORITY_HEADER.name() + "' metadata"));
        }
        return registry.authority(presented);
    }
}
