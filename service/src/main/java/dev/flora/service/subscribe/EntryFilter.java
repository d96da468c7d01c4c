package dev.flora.service.subscribe;

import dev.flora.service.rules.FederalStates;
import java.util.Set;

/**
 * Which entries a subscriber receives: need-to-know (the federal states its authority serves)
 * and its own filter. An empty requested set means "any".
 */
public record EntryFilter(Set<String> servedStates, Set<String> eventTypes, Set<String> caseRefs,
        Set<String> federalStates) {

    public EntryFilter {
        servedStates = Set.copyOf(servedStates);
        eventTypes = Set.copyOf(eventTypes);
        caseRefs = Set.copyOf(caseRefs);
        federalStates = Set.copyOf(federalStates);
    }

    /**
     * Whether every entry matches: the authority serves every federal state and asks for no
     * narrower filter (such subscribers can share one message per batch).
     */
    public boolean matchesEverything() {
        return servedStates.containsAll(FederalStates.ALL)
                && (federalStates.isEmpty() || federalStates.containsAll(FederalStates.ALL))
                && eventTypes.isEmpty() && caseRefs.isEmpty();
    }

    /** Whether the subscriber may and wants to receive this entry. */
    public boolean matches(LiveEntry entry) {
        return servedStates.contains(entry.federalState())
                && (federalStates.isEmpty() || federalStates.contains(entry.federalState()))
                && (eventTypes.isEmpty() || eventTypes.contains(entry.eventType()))
                && (caseRefs.isEmpty() || caseRefs.contains(entry.caseRef()));
    }
}
