package dev.flora.service.rules;

import dev.flora.ledger.entry.AttributeValue;
import dev.flora.service.error.FloraException;
import dev.flora.service.error.Reason;
import java.util.Map;

/** Checks a change's attributes against the rule of its event type. */
final class AttributeChecks {

    private AttributeChecks() {
    }

    static void check(EventRule rule, Map<String, AttributeValue> attributes) {
        for (Map.Entry<String, AttributeValue> e : attributes.entrySet()) {
            AttributeRule attribute = rule.attributes().get(e.getKey());
            if (attribute == null) {
                throw invalid(rule, e.getKey(), "is not an attribute of " + rule.eventType()
                        + " (allowed: " + rule.attributes().keySet() + ")");
            }
            checkValue(rule, attribute, e.getValue());
        }
        for (AttributeRule attribute : rule.attributes().values()) {
            if (attribute.required() && !attributes.containsKey(attribute.key())) {
                throw FloraException.of(Reason.MISSING_ATTRIBUTE, rule.eventType()
                        + " requires attribute '" + attribute.key() + "'",
                        "event_type", rule.eventType(), "attribute", attribute.key());
            }
        }
    }

    private static void checkValue(EventRule rule, AttributeRule attribute, AttributeValue value) {
        String key = attribute.key();
        switch (attribute.type()) {
            case TEXT -> {
                if (!(value instanceof AttributeValue.Text text)) {
                    throw invalid(rule, key, "must be text");
                }
                if (!attribute.allowedValues().isEmpty()
                        && !attribute.allowedValues().contains(text.value())) {
                    throw invalid(rule, key, "value '" + text.value() + "' is not one of "
                            + attribute.allowedValues());
                }
            }
            case FEDERAL_STATE -> {
                if (!(value instanceof AttributeValue.Text text)
                        || !FederalStates.isValid(text.value())) {
                    throw invalid(rule, key, "must be an ISO 3166-2 code of a German federal"
                            + " state, e.g. DE-SN");
                }
            }
            case INT -> {
                if (!(value instanceof AttributeValue.Int number) || number.value() < 0) {
                    throw invalid(rule, key, "must be a non-negative integer");
                }
            }
            case BOOL -> {
                if (!(value instanceof AttributeValue.Bool)) {
                    throw invalid(rule, key, "must be a boolean");
                }
            }
        }
    }

    private static FloraException invalid(EventRule rule, String key, String problem) {
        return FloraException.of(Reason.INVALID_ATTRIBUTE, "attribute '" + key + "' of "
                + rule.eventType() + " " + problem, "event_type", rule.eventType(),
                "attribute", key);
    }
}
