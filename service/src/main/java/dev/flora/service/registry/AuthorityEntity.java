package dev.flora.service.registry;

import dev.flora.service.rules.Authority;
import dev.flora.service.rules.AuthorityKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Set;

/** A row of the {@code authority} registry (Hibernate Reactive). */
@Entity
@Table(name = "authority")
public class AuthorityEntity {

    @Id
    @Column(columnDefinition = "text")
    public String id;

    @Column(columnDefinition = "text")
    public String kind;

    @Column(name = "federal_states", columnDefinition = "text[]")
    public String[] federalStates;

    @Column(name = "display_name", columnDefinition = "text")
    public String displayName;

    /** The domain value; fails if the row breaks the registry's invariants. */
    public Authority toAuthority() {
        return new Authority(id, AuthorityKind.valueOf(kind), Set.of(federalStates));
    }
}
