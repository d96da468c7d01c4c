package dev.flora.service.subscribe;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** A row of {@code durable_subscription} (Hibernate Reactive). */
@Entity
@Table(name = "durable_subscription")
@IdClass(DurableSubscriptionEntity.Key.class)
public class DurableSubscriptionEntity {

    /** Composite primary key (owner authority, name). */
    public record Key(String authorityId, String name) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "authority_id", columnDefinition = "text")
    public String authorityId;

    @Id
    @Column(columnDefinition = "text")
    public String name;

    @Column(name = "acknowledged_index")
    public long acknowledgedIndex;

    @Column(name = "event_types", columnDefinition = "text[]")
    public String[] eventTypes;

    @Column(name = "case_refs", columnDefinition = "text[]")
    public String[] caseRefs;

    @Column(name = "federal_states", columnDefinition = "text[]")
    public String[] federalStates;
}
