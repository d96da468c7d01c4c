package dev.flora.service.registry;

import dev.flora.service.rules.CaseState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of the {@code case_state} view: the state of a case as its latest ledger entry records
 * it. Read-only, through Hibernate Reactive.
 */
@Entity
@Table(name = "case_state")
public class CaseStateEntity {

    @Id
    @Column(name = "case_ref", columnDefinition = "text")
    public String caseRef;

    @Column(name = "federal_state", columnDefinition = "text")
    public String federalState;

    @Column(columnDefinition = "text")
    public String stage;

    @Column(name = "decision_outcome", columnDefinition = "text")
    public String decisionOutcome;

    public long revision;

    @Column(name = "last_index")
    public long lastIndex;

    public CaseState toCaseState() {
        return new CaseState(caseRef, federalState, stage, decisionOutcome, revision, lastIndex);
    }
}
