package dev.flora.service.rules;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A registered authority: its id (e.g. {@code bamf-dresden}), its kind, and the federal states
 * (ISO 3166-2 codes such as {@code DE-SN}) it serves. It sees only cases of those states.
 */
public record Authority(String id, AuthorityKind kind, Set<String> federalStates) {

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public Authority {
        if (id == null || id.length() > 64 || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("authority id '" + id
                    + "' must match [a-z0-9]+(-[a-z0-9]+)* and be at most 64 characters");
        }
        if (kind == null) {
            throw new IllegalArgumentException("authority " + id + " has no kind");
        }
        federalStates = Set.copyOf(federalStates);
        if (federalStates.isEmpty()) {
            throw new IllegalArgumentException("authority " + id + " serves no federal state");
        }
        federalStates.forEach(FederalStates::requireValid);
    }

    /** Whether this authority may see cases of {@code federalState}. */
    public boolean serves(String federalState) {
        return federalStates.contains(federalState);
    }
}
