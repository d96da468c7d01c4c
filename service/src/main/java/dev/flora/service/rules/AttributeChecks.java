package dev.flora.service.rules;

import dev.flora.ledger.entry.AttributeValue;
import dev.flora.ledger.entry.Attributes;
import dev.flora.service.error.FloraException;
import dev.flora.service.error.Reason;

/** Checks a change's attributes against the rule of its event type. */
final class AttributeChecks {

    private AttributeChecks() {
    }

    static void check(EventRule rule, Attributes attributes) {
        for (int i = 0; i < attributes.size(); i++) {
            AttributeRule attribute = rule.attributes().get(attributes.keyAt(i));
            if (attribute == null) {
                throw invalid(rule, attributes.keyAt(i), "is not an attribute of "
                        + rule.eventType() + " (allowed: " + rule.attributes().keySet() + ")");
            }
            checkValue(rule, attribute, attributes.valueAt(i));
        }
        for (AttributeRule attribute : rule.attributes().values()) {
            if (attribute.required() && attributes.get(attribute.key()).isEmpty()) {
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
