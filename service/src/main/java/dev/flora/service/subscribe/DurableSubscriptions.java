package dev.flora.service.subscribe;

import dev.flora.service.error.FloraException;
import dev.flora.service.error.Reason;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Durable subscriptions, kept with Hibernate Reactive: created by the first Subscribe that names
 * them, moved forward by Acknowledge. An acknowledged index only ever grows.
 */
@ApplicationScoped
public class DurableSubscriptions {

    private final Mutiny.SessionFactory sessions;

    @Inject
    public DurableSubscriptions(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /**
     * The caller's subscription of this name, created from {@code template} if it does not exist
     * yet (a concurrent creation of the same name keeps the first).
     */
    public Uni<DurableSubscriptionEntity> openOrCreate(DurableSubscriptionEntity template) {
        return find(template.authorityId, template.name).chain(found -> found != null
                ? Uni.createFrom().item(found)
                : sessions.withStatelessTransaction(s -> s.insert(template)).replaceWith(template)
                        .onFailure().recoverWithUni(e -> find(template.authorityId,
                                template.name).map(again -> {
                                    if (again == null) {
                                        throw new IllegalStateException("cannot create durable"
                                                + " subscription " + template.name, e);
                                    }
                                    return again;
                                })));
    }

    /**
     * Moves the acknowledged index forward to {@code index} (an older index changes nothing).
     *
     * @return the acknowledged index now stored
     */
    public Uni<Long> acknowledge(String authorityId, String name, long index) {
        return sessions.withStatelessTransaction(s -> s.createMutationQuery(
                "update DurableSubscriptionEntity d set d.acknowledgedIndex = :index"
                        + " where d.authorityId = :a and d.name = :n and d.acknowledgedIndex < :index")
                .setParameter("index", index).setParameter("a", authorityId)
                .setParameter("n", name).executeUpdate())
                .chain(() -> find(authorityId, name)).map(found -> {
                    if (found == null) {
                        throw notFound(name);
                    }
                    return found.acknowledgedIndex;
                });
    }

    private Uni<DurableSubscriptionEntity> find(String authorityId, String name) {
        return sessions.withStatelessSession(s -> s.get(DurableSubscriptionEntity.class,
                new DurableSubscriptionEntity.Key(authorityId, name)));
    }

    static FloraException notFound(String name) {
        return FloraException.of(Reason.SUBSCRIPTION_NOT_FOUND, "no durable subscription '"
                + name + "' of the caller", "durable_name", name);
    }
}
