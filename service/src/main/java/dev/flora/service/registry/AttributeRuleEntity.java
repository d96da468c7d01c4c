package dev.flora.service.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** A row of the {@code attribute_rule} table: one attribute of one event type. */
@Entity
@Table(name = "attribute_rule")
@IdClass(AttributeRuleEntity.Key.class)
public class AttributeRuleEntity {

    /** Composite primary key (catalogue version, event type, attribute key). */
    public record Key(int catalogueVersion, String eventType, String attributeKey)
            implements Serializable {
        public Key() {
            this(0, null, null);
        }
    }

    @Id
    @Column(name = "catalogue_version")
    public int catalogueVersion;

    @Id
    @Column(name = "event_type", columnDefinition = "text")
    public String eventType;

    @Id
    @Column(name = "attribute_key", columnDefinition = "text")
    public String attributeKey;

    @Column(name = "value_type", columnDefinition = "text")
    public String valueType;

    public boolean required;

    @Column(name = "allowed_values", columnDefinition = "text[]")
    public String[] allowedValues;

    @Column(columnDefinition = "text")
    public String effect;
}
