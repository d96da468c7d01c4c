package dev.flora.service.replica;

import dev.flora.api.ledger.v1.Entry;
import dev.flora.api.ledger.v1.SubscribeRequest;
import dev.flora.api.ledger.v1.SubscribeResponse;
import io.grpc.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Reads one Subscribe stream of a replica until a position, then cancels it. */
final class Subscriber {

    private Subscriber() {
    }

    /** What one read received. */
    record Received(List<Entry> entries, List<SubscribeResponse> messages) {
    }

    /**
     * Subscribes as {@code authority} and reads until a message's resume position reaches
     * {@code until}; {@code during} runs once the first message arrived (e.g. appends).
     */
    static Received read(ReplicaClient client, String authority, SubscribeRequest request,
            long until, Runnable during) throws Exception {
        try (Context.CancellableContext context = Context.current().withCancellation()) {
            return context.call(() -> {
                Iterator<SubscribeResponse> stream = client.subscriptions(authority, 60)
                        .subscribe(request);
                List<Entry> entries = new ArrayList<>();
                List<SubscribeResponse> messages = new ArrayList<>();
                boolean first = true;
                long position = Long.MIN_VALUE;
                while (position < until || first) {
                    SubscribeResponse message = stream.next();
                    messages.add(message);
                    entries.addAll(message.getEntries().getEntriesList());
                    position = message.getResumeAfterIndex();
                    if (first) {
                        first = false;
                        during.run();
                    }
                }
                return new Received(entries, messages);
            });
        }
    }
}
