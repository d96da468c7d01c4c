package dev.flora.service.rules;

import dev.flora.ledger.entry.AttributeValue;
import dev.flora.ledger.entry.Attributes;
import dev.flora.ledger.entry.StatusChange;
import dev.flora.service.error.FloraException;
import dev.flora.service.error.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The event catalogue and its rules, loaded from the {@code event_rule} and
 * {@code attribute_rule} tables: which authority kinds may issue which event types, which
 * transitions a case may take, and which attributes each event carries. Immutable.
 *
 * <p>{@link #checkContent} needs only the request and runs before an append waits for the
 * ledger; {@link #apply} needs the case's current state and runs inside the append
 * transaction, so two appends to one case are judged in ledger order.
 */
public final class RuleBook {

    private final int catalogueVersion;
    private final Map<String, EventRule> rules;

    public RuleBook(int catalogueVersion, Map<String, EventRule> rules) {
        this.catalogueVersion = catalogueVersion;
        this.rules = Map.copyOf(rules);
    }

    public int catalogueVersion() {
        return catalogueVersion;
    }

    /** The rules by event type. */
    public Map<String, EventRule> rules() {
        return rules;
    }

    /**
     * Checks what does not depend on the case: the event type exists, the caller's kind may
     * issue it, and the attributes are the ones the event takes, with the right types and values.
     *
     * @throws FloraException UNKNOWN_EVENT_TYPE, EVENT_NOT_ALLOWED_FOR_AUTHORITY,
     *     MISSING_ATTRIBUTE, INVALID_ATTRIBUTE or FEDERAL_STATE_NOT_SERVED
     */
    public EventRule checkContent(Authority caller, StatusChange change) {
        EventRule rule = rules.get(change.eventType());
        if (rule == null) {
            throw FloraException.of(Reason.UNKNOWN_EVENT_TYPE, "event type '" + change.eventType()
                    + "' is not in event catalogue v" + catalogueVersion,
                    "event_type", change.eventType(), "catalogue_version", catalogueVersion);
        }
        if (!rule.issuers().contains(caller.kind())) {
            throw FloraException.of(Reason.EVENT_NOT_ALLOWED_FOR_AUTHORITY, "authority "
                    + caller.id() + " of kind " + caller.kind() + " may not issue "
                    + rule.eventType(), "authority", caller.id(), "authority_kind", caller.kind(),
                    "event_type", rule.eventType());
        }
        Attributes attributes = change.attributes();
        AttributeChecks.check(rule, attributes);
        for (int i = 0; i < attributes.size(); i++) {
            AttributeRule attribute = rule.attributes().get(attributes.keyAt(i));
            if (attribute.effect() == AttributeRule.Effect.SETS_FEDERAL_STATE
                    && attributes.valueAt(i) instanceof AttributeValue.Text text
                    && !caller.serves(text.value())) {
                throw notServed(caller, text.value());
            }
        }
        return rule;
    }

    /**
     * Applies a change whose content passed {@link #checkContent} to the case's current state.
     * The caller MUST have checked the content: it is not checked again here (an append batch
     * applies up to a thousand changes under the head lock).
     *
     * @param current the case's state, or null if the case has no entry yet
     * @param index the index the entry will get
     * @return the case's state after the entry, and the entries it references
     * @throws FloraException TRANSITION_NOT_ALLOWED, FEDERAL_STATE_NOT_SERVED or INVALID_REFERENCE
     */
    public Outcome apply(Authority caller, CaseState current, StatusChange change, long index) {
        EventRule rule = rules.get(change.eventType());
        if (rule == null) {
            throw new IllegalArgumentException("event type " + change.eventType()
                    + " is not in the catalogue: the change did not pass checkContent");
        }
        String stage = current == null ? EventRule.NEW_CASE : current.stage();
        if (current != null && !caller.serves(current.federalState())) {
            throw notServed(caller, current.federalState());
        }
        if (!rule.allowedAfter(stage)) {
            throw FloraException.of(Reason.TRANSITION_NOT_ALLOWED, "case " + change.caseRef()
                    + " is at stage '" + stage + "'; " + rule.eventType() + " may follow only "
                    + rule.allowedFrom(), "case_ref", change.caseRef(), "stage", stage,
                    "event_type", rule.eventType());
        }
        String outcome = current == null ? "" : current.decisionOutcome();
        if (!rule.requiredOutcome().isEmpty() && !rule.requiredOutcome().contains(outcome)) {
            throw FloraException.of(Reason.TRANSITION_NOT_ALLOWED, rule.eventType()
                    + " needs a decision outcome in " + rule.requiredOutcome() + ", case "
                    + change.caseRef() + " has '" + outcome + "'", "case_ref", change.caseRef(),
                    "decision_outcome", outcome, "event_type", rule.eventType());
        }
        return next(rule, current, change, index);
    }

    private static Outcome next(EventRule rule, CaseState current, StatusChange change,
            long index) {
        String federalState = current == null ? null : current.federalState();
        String stage = current == null ? EventRule.NEW_CASE : current.stage();
        String outcome = current == null ? "" : current.decisionOutcome();
        List<Long> references = List.of();
        // The change's attributes, not the rule's: no iterator of the rule's map per append.
        Attributes attributes = change.attributes();
        for (int i = 0; i < attributes.size(); i++) {
            AttributeRule attribute = rule.attributes().get(attributes.keyAt(i));
            AttributeValue value = attributes.valueAt(i);
            switch (attribute == null ? AttributeRule.Effect.NONE : attribute.effect()) {
                case SETS_FEDERAL_STATE -> federalState = ((AttributeValue.Text) value).value();
                case SETS_DECISION_OUTCOME -> outcome = ((AttributeValue.Text) value).value();
                case REFERENCES_ENTRY -> {
                    if (references.isEmpty()) {
                        references = new ArrayList<>(2);
                    }
                    references.add(((AttributeValue.Int) value).value());
                }
                case NONE -> { }
            }
        }
        if (federalState == null) {
            throw new IllegalStateException("event " + rule.eventType()
                    + " may start a case but sets no federal state: the catalogue is wrong");
        }
        long revision = current == null ? 1 : current.revision() + 1;
        stage = rule.changesStage() ? rule.eventType() : stage;
        return new Outcome(new CaseState(change.caseRef(), federalState, stage, outcome,
                revision, index), references);
    }

    private static FloraException notServed(Authority caller, String federalState) {
        return FloraException.of(Reason.FEDERAL_STATE_NOT_SERVED, "authority " + caller.id()
                + " does not serve " + federalState + " (it serves " + caller.federalStates()
                + ")", "authority", caller.id(), "federal_state", federalState);
    }

    /**
     * The result of applying a change.
     *
     * @param next the case's state after the entry
     * @param references indexes of earlier entries the change refers to (corrections and
     *     erasures); the caller MUST check they are earlier entries of the same case
     */
    public record Outcome(CaseState next, List<Long> references) {
        public Outcome {
            references = references.isEmpty() ? List.of() : List.copyOf(references);
        }
    }
}
