package dev.flora.service.registry;

import dev.flora.service.error.FloraException;
import dev.flora.service.error.Reason;
import dev.flora.service.rules.Authority;
import dev.flora.service.rules.RuleBook;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The relational side, read through Hibernate Reactive: the authority registry and the rules of
 * the configured event catalogue version, cached in memory. The rules are read once; the
 * registry is re-read at most every {@code flora.registry.refresh} so newly registered
 * authorities appear without a restart.
 */
@ApplicationScoped
public class Registry {

    private final Mutiny.SessionFactory sessions;
    private final CachedLoad<RuleBook> ruleBook;
    private final CachedLoad<Map<String, Authority>> authorities;

    @Inject
    public Registry(Mutiny.SessionFactory sessions,
            @ConfigProperty(name = "flora.catalogue-version", defaultValue = "1") int version,
            @ConfigProperty(name = "flora.registry.refresh", defaultValue = "PT10S")
            Duration refresh) {
        this.sessions = sessions;
        this.ruleBook = new CachedLoad<>(() -> loadRules(version), Duration.ofDays(36_500));
        this.authorities = new CachedLoad<>(this::loadAuthorities, refresh);
    }

    /** The rules of the configured catalogue version. */
    public Uni<RuleBook> ruleBook() {
        return ruleBook.get();
    }

    /**
     * The registered authority with this id.
     *
     * @throws FloraException UNKNOWN_AUTHORITY (as a failed Uni) if there is none
     */
    public Uni<Authority> authority(String id) {
        return authorities.get().map(all -> {
            Authority authority = all.get(id);
            if (authority == null) {
                throw FloraException.of(Reason.UNKNOWN_AUTHORITY, "authority '" + id
                        + "' is not registered", "authority", id);
            }
            return authority;
        });
    }

    private Uni<Map<String, Authority>> loadAuthorities() {
        return sessions.withStatelessSession(s -> s.createQuery("from AuthorityEntity",
                AuthorityEntity.class).getResultList()).map(rows -> {
                    Map<String, Authority> byId = new HashMap<>();
                    rows.forEach(row -> byId.put(row.id, row.toAuthority()));
                    return Map.copyOf(byId);
                });
    }

    private Uni<RuleBook> loadRules(int version) {
        return sessions.withStatelessSession(s -> s.createQuery(
                "from EventRuleEntity where catalogueVersion = :v", EventRuleEntity.class)
                .setParameter("v", version).getResultList()
                .flatMap(events -> s.createQuery(
                        "from AttributeRuleEntity where catalogueVersion = :v",
                        AttributeRuleEntity.class).setParameter("v", version).getResultList()
                        .map(attributes -> RuleRows.toRuleBook(version, events, attributes))));
    }

}
