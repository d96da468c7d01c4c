package dev.flora.service.registry;

import dev.flora.service.rules.AttributeRule;
import dev.flora.service.rules.AuthorityKind;
import dev.flora.service.rules.EventRule;
import dev.flora.service.rules.RuleBook;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns the rows of {@code event_rule} and {@code attribute_rule} into a {@link RuleBook}. */
final class RuleRows {

    private RuleRows() {
    }

    static RuleBook toRuleBook(int version, List<EventRuleEntity> events,
            List<AttributeRuleEntity> attributes) {
        if (events.isEmpty()) {
            throw new IllegalStateException("event catalogue v" + version
                    + " has no rules: is the migration applied and flora.catalogue-version right?");
        }
        Map<String, Map<String, AttributeRule>> byEvent = new HashMap<>();
        for (AttributeRuleEntity a : attributes) {
            byEvent.computeIfAbsent(a.eventType, k -> new HashMap<>()).put(a.attributeKey,
                    new AttributeRule(a.attributeKey, AttributeRule.Type.valueOf(a.valueType),
                            a.required, Set.of(a.allowedValues),
                            AttributeRule.Effect.valueOf(a.effect)));
        }
        Map<String, EventRule> rules = new HashMap<>();
        for (EventRuleEntity e : events) {
            Set<AuthorityKind> issuers = Arrays.stream(e.issuerKinds).map(AuthorityKind::valueOf)
                    .collect(Collectors.toSet());
            rules.put(e.eventType, new EventRule(e.eventType, issuers, Set.of(e.allowedFrom),
                    e.changesStage, Set.of(e.requiredOutcome),
                    byEvent.getOrDefault(e.eventType, Map.of())));
        }
        return new RuleBook(version, rules);
    }
}
