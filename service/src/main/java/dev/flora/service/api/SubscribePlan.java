package dev.flora.service.api;

import dev.flora.api.ledger.v1.Filter;
import dev.flora.api.ledger.v1.StartPosition;
import dev.flora.api.ledger.v1.SubscribeRequest;
import dev.flora.ledger.entry.FieldChecks;
import dev.flora.service.error.FloraException;
import dev.flora.service.error.FloraException.FieldViolation;
import dev.flora.service.error.Reason;
import dev.flora.service.rules.Authority;
import dev.flora.service.rules.FederalStates;
import dev.flora.service.subscribe.DurableSubscriptionEntity;
import dev.flora.service.subscribe.DurableSubscriptions;
import dev.flora.service.subscribe.EntryFilter;
import dev.flora.service.subscribe.FeedReads;
import dev.flora.service.subscribe.Subscriptions;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A checked Subscribe request: what the stream delivers (need-to-know plus the filter), from
 * which index, in messages of how many entries.
 */
record SubscribePlan(EntryFilter filter, long startIndex, int maxPerMessage) {

    static final int MAX_PER_MESSAGE = 1000;
    static final int DEFAULT_PER_MESSAGE = 500;
    static final int MAX_FILTER_VALUES = 100;
    private static final Pattern DURABLE_NAME = Pattern.compile("[a-z0-9_-]{1,64}");

    static Uni<SubscribePlan> of(Authority caller, SubscribeRequest request, FeedReads reads,
            Subscriptions subscriptions, DurableSubscriptions durable) {
        checkFields(request);
        int perMessage = request.getMaxEntriesPerMessage() == 0 ? DEFAULT_PER_MESSAGE
                : request.getMaxEntriesPerMessage();
        return reads.size().chain(size -> {
            long startAfter = startAfter(request.getStart(), size, subscriptions);
            if (request.getDurableName().isEmpty()) {
                return Uni.createFrom().item(new SubscribePlan(filter(caller,
                        request.getFilter()), startAfter + 1, perMessage));
            }
            DurableSubscriptionEntity template = new DurableSubscriptionEntity();
            template.authorityId = caller.id();
            template.name = request.getDurableName();
            template.acknowledgedIndex = startAfter;
            template.eventTypes = request.getFilter().getEventTypesList().toArray(String[]::new);
            template.caseRefs = request.getFilter().getCaseRefsList().toArray(String[]::new);
            template.federalStates = request.getFilter().getFederalStatesList()
                    .toArray(String[]::new);
            return durable.openOrCreate(template).map(stored -> new SubscribePlan(
                    new EntryFilter(caller.federalStates(), Set.of(stored.eventTypes),
                            Set.of(stored.caseRefs), Set.of(stored.federalStates)),
                    stored.acknowledgedIndex + 1, perMessage));
        });
    }

    /** The index the subscription starts after (-1: from the beginning). */
    private static long startAfter(StartPosition start, long size, Subscriptions subscriptions) {
        return switch (start.getPositionCase()) {
            case BEGINNING, POSITION_NOT_SET -> -1;
            case NOW -> subscriptions.liveNext() - 1;
            case AFTER_INDEX -> {
                long after = start.getAfterIndex();
                if (after >= size) {
                    throw FloraException.of(Reason.OUT_OF_RANGE, "start after index " + after
                            + " is beyond the ledger of size " + size, "after_index", after,
                            "tree_size", size);
                }
                yield after;
            }
        };
    }

    private static EntryFilter filter(Authority caller, Filter filter) {
        return new EntryFilter(caller.federalStates(), Set.copyOf(filter.getEventTypesList()),
                Set.copyOf(filter.getCaseRefsList()), Set.copyOf(filter.getFederalStatesList()));
    }

    private static void checkFields(SubscribeRequest request) {
        List<FieldViolation> violations = new ArrayList<>();
        if (request.getMaxEntriesPerMessage() < 0
                || request.getMaxEntriesPerMessage() > MAX_PER_MESSAGE) {
            violations.add(new FieldViolation("max_entries_per_message", "must be 0.."
                    + MAX_PER_MESSAGE + ", got " + request.getMaxEntriesPerMessage()));
        }
        if (request.getStart().hasAfterIndex() && request.getStart().getAfterIndex() < -1) {
            violations.add(new FieldViolation("start.after_index", "must be >= -1, got "
                    + request.getStart().getAfterIndex()));
        }
        if (request.getDurableName().isEmpty() && !request.hasStart()) {
            violations.add(new FieldViolation("start", "is required without a durable_name"));
        }
        if (!request.getDurableName().isEmpty()
                && !DURABLE_NAME.matcher(request.getDurableName()).matches()) {
            violations.add(new FieldViolation("durable_name", "must match [a-z0-9_-]{1,64}"));
        }
        Filter filter = request.getFilter();
        checkAll(violations, "filter.event_types", filter.getEventTypesList(),
                FieldChecks::eventType);
        checkAll(violations, "filter.case_refs", filter.getCaseRefsList(), FieldChecks::caseRef);
        checkAll(violations, "filter.federal_states", filter.getFederalStatesList(), code -> {
            if (!FederalStates.isValid(code)) {
                throw new IllegalArgumentException("'" + code + "' is not an ISO 3166-2 code of"
                        + " a German federal state");
            }
        });
        if (!violations.isEmpty()) {
            throw FloraException.invalidFields(violations);
        }
    }

    private static void checkAll(List<FieldViolation> violations, String field,
            List<String> values, Consumer<String> check) {
        if (values.size() > MAX_FILTER_VALUES) {
            violations.add(new FieldViolation(field, values.size() + " values, at most "
                    + MAX_FILTER_VALUES));
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            try {
                check.accept(values.get(i));
            } catch (IllegalArgumentException e) {
                violations.add(new FieldViolation(field + "[" + i + "]", e.getMessage()));
            }
        }
    }

    static void checkDurableName(String name, String field) {
        if (!DURABLE_NAME.matcher(name).matches()) {
            throw FloraException.invalidFields(List.of(new FieldViolation(field,
                    "must match [a-z0-9_-]{1,64}")));
        }
    }
}
