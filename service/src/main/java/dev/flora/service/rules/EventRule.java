package dev.flora.service.rules;

import java.util.Map;
import java.util.Set;

/**
 * The rule for one event type of the catalogue: who may issue it, from which stages of a case,
 * what outcome it needs, and which attributes it takes.
 *
 * @param eventType the event type, e.g. {@code decision_issued}
 * @param issuers the authority kinds that may issue it
 * @param allowedFrom the case stages it may follow; {@link #NEW_CASE} for a case's first entry,
 *     {@link #ANY_STAGE} for every existing case
 * @param changesStage whether the case's stage becomes this event type
 * @param requiredOutcome the decision outcomes the case must have (empty: no requirement)
 * @param attributes the allowed attributes by key
 */
public record EventRule(String eventType, Set<AuthorityKind> issuers, Set<String> allowedFrom,
        boolean changesStage, Set<String> requiredOutcome, Map<String, AttributeRule> attributes) {

    /** Stage name of a case that has no entry yet. */
    public static final String NEW_CASE = "new";
    /** Wildcard stage: any case that exists. */
    public static final String ANY_STAGE = "any";

    public EventRule {
        issuers = Set.copyOf(issuers);
        allowedFrom = Set.copyOf(allowedFrom);
        requiredOutcome = Set.copyOf(requiredOutcome);
        attributes = Map.copyOf(attributes);
        if (issuers.isEmpty() || allowedFrom.isEmpty()) {
            throw new IllegalArgumentException("event " + eventType
                    + " needs at least one issuer kind and one stage it may follow");
        }
    }

    /** Whether this event can only be a case's first entry (it may follow no existing stage). */
    public boolean onlyStartsCases() {
        return allowedFrom.size() == 1 && allowedFrom.contains(NEW_CASE);
    }

    /** Whether a case in {@code stage} ({@link #NEW_CASE} if none) may take this event. */
    public boolean allowedAfter(String stage) {
        if (allowedFrom.contains(stage)) {
            return true;
        }
        return !NEW_CASE.equals(stage) && allowedFrom.contains(ANY_STAGE);
    }
}
