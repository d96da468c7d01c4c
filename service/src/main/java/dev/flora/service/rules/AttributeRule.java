package dev.flora.service.rules;

import java.util.Set;

/**
 * What one attribute of one event type must look like, and what it does to the case.
 *
 * @param key the attribute key
 * @param type the value type
 * @param required whether the event MUST carry it
 * @param allowedValues for TEXT, the closed set of allowed values; empty means any text
 * @param effect what the value changes in the case projection
 */
public record AttributeRule(String key, Type type, boolean required, Set<String> allowedValues,
        Effect effect) {

    /** The value type an attribute must have. */
    public enum Type { TEXT, INT, BOOL, FEDERAL_STATE }

    /** What an attribute value does to the case projection. */
    public enum Effect {
        /** Nothing: the value is recorded only. */
        NONE,
        /** The value becomes the federal state responsible for the case. */
        SETS_FEDERAL_STATE,
        /** The value becomes the case's decision outcome. */
        SETS_DECISION_OUTCOME,
        /** The value is the index of an earlier entry of the same case. */
        REFERENCES_ENTRY
    }

    public AttributeRule {
        allowedValues = Set.copyOf(allowedValues);
        if (!allowedValues.isEmpty() && type != Type.TEXT) {
            throw new IllegalArgumentException("attribute " + key
                    + ": allowed values need type TEXT, not " + type);
        }
    }
}
