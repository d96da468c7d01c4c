package dev.flora.service.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** A row of the {@code event_rule} table: one event type of one catalogue version. */
@Entity
@Table(name = "event_rule")
@IdClass(EventRuleEntity.Key.class)
public class EventRuleEntity {

    /** Composite primary key (catalogue version, event type). */
    public record Key(int catalogueVersion, String eventType) implements Serializable {
        public Key() {
            this(0, null);
        }
    }

    @Id
    @Column(name = "catalogue_version")
    public int catalogueVersion;

    @Id
    @Column(name = "event_type", columnDefinition = "text")
    public String eventType;

    @Column(name = "issuer_kinds", columnDefinition = "text[]")
    public String[] issuerKinds;

    @Column(name = "allowed_from", columnDefinition = "text[]")
    public String[] allowedFrom;

    @Column(name = "changes_stage")
    public boolean changesStage;

    @Column(name = "required_outcome", columnDefinition = "text[]")
    public String[] requiredOutcome;

    @Column(columnDefinition = "text")
    public String description;
}
