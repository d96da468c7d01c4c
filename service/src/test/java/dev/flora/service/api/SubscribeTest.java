package dev.flora.service.api;

import static dev.flora.service.api.LedgerClient.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.api.ledger.v1.Entry;
import dev.flora.api.ledger.v1.Filter;
import dev.flora.api.ledger.v1.ListEntriesRequest;
import dev.flora.api.ledger.v1.ListEntriesResponse;
import dev.flora.api.ledger.v1.StartPosition;
import dev.flora.api.ledger.v1.SubscribeRequest;
import dev.flora.api.ledger.v1.SubscribeResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Catch-up then live, resumable, filtered, need-to-know. Real gRPC, real PostgreSQL. */
@QuarkusTest
@Timeout(120)
class SubscribeTest extends GrpcTestBase {

    static final Duration WAIT = Duration.ofSeconds(30);
    /** Serves all sixteen states, so it may see every entry. */
    static final String EVERYTHING = "bamf-nuernberg";

    static SubscribeRequest fromBeginning() {
        return SubscribeRequest.newBuilder().setStart(StartPosition.newBuilder()
                .setBeginning(true)).build();
    }

    static SubscribeRequest after(long index) {
        return SubscribeRequest.newBuilder().setStart(StartPosition.newBuilder()
                .setAfterIndex(index)).build();
    }

    static AppendRequest registered(String state) {
        return request("c-" + UUID.randomUUID(), "registered", Map.of("federal_state", state));
    }

    /** Appends {@code n} registrations in DE-SN; returns the last index. */
    long appendMany(int n) {
        long last = -1;
        for (int i = 0; i < n; i++) {
            last = client.as("eae-chemnitz").append(registered("DE-SN")).getIndex();
        }
        return last;
    }

    List<Entry> ledger() {
        List<Entry> all = new ArrayList<>();
        long next = 0;
        while (true) {
            ListEntriesResponse page = client.as(EVERYTHING).listEntries(ListEntriesRequest
                    .newBuilder().setStartIndex(next).setPageSize(1000).build());
            if (page.getEntriesCount() == 0) {
                return all;
            }
            all.addAll(page.getEntriesList());
            next = page.getNextIndex();
        }
    }

    @Test
    void fromTheBeginning_deliversTheWholeLedgerInOrder_thenCatchesUp() throws Exception {
        long last = appendMany(5);
        TestSubscriber subscriber = TestSubscriber.open(channel, EVERYTHING, fromBeginning());
        subscriber.readUntil(s -> s.position >= last
                && s.messages.stream().anyMatch(SubscribeResponse::hasCaughtUp), WAIT);
        subscriber.cancel();
        List<Entry> ledger = ledger().subList(0, subscriber.entries.size());
        subscriber.assertContiguous(0, subscriber.entries.size() - 1);
        assertEquals(ledger, subscriber.entries);
    }

    @Test
    void live_deliversANewEntryAtOnce_andEveryMessageCarriesItsResumePosition()
            throws Exception {
        TestSubscriber subscriber = TestSubscriber.open(channel, EVERYTHING,
                SubscribeRequest.newBuilder().setStart(StartPosition.newBuilder().setNow(true))
                        .build());
        SubscribeResponse first = subscriber.next(WAIT);
        assertTrue(first.hasCaughtUp(), first.toString());
        long index = client.as("eae-chemnitz").append(registered("DE-SN")).getIndex();
        subscriber.readUntil(s -> s.position >= index, WAIT);
        subscriber.cancel();
        assertEquals(index, subscriber.entries.get(subscriber.entries.size() - 1).getIndex());
        assertEquals(index, subscriber.position);
    }

    @Test
    void resumingAfterDisconnectsAtRandomPoints_whileAppendsGoOn_yieldsEveryEntryOnce()
            throws Exception {
        long target = client.as(EVERYTHING).listEntries(ListEntriesRequest.newBuilder()
                .setStartIndex(0).setPageSize(1).build()).getTreeSize() + 600 - 1;
        CompletableFuture<Long> appends = CompletableFuture.supplyAsync(() -> appendMany(600));
        Random random = new Random(7);
        List<Entry> received = new ArrayList<>();
        long position = -1;
        int reconnects = 0;
        while (position < target) {
            // A real disconnect: each attempt has its own connection, closed afterwards.
            ManagedChannel connection = ManagedChannelBuilder.forAddress("localhost",
                    url.getPort()).usePlaintext().maxInboundMessageSize(16 << 20).build();
            TestSubscriber subscriber = TestSubscriber.open(connection, EVERYTHING,
                    after(position).toBuilder().setMaxEntriesPerMessage(1 + random.nextInt(40))
                            .build());
            int messages = 1 + random.nextInt(6);
            for (int i = 0; i < messages && position < target; i++) {
                subscriber.next(WAIT);
                if (subscriber.position < position) {
                    throw new AssertionError("position went back");
                }
                position = Math.max(position, subscriber.position);
            }
            connection.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            received.addAll(subscriber.entries);
            reconnects++;
        }
        assertEquals(target, appends.get(60, TimeUnit.SECONDS), "nobody else appended");
        assertTrue(reconnects > 3, "reconnects " + reconnects);
        List<Entry> ledger = ledger().subList(0, received.size());
        assertEquals(ledger, received);
    }

    @Test
    void handOverFromStorageToLive_whileAppendsGoOn_hasNoGapAndNoDuplicate() throws Exception {
        TestSubscriber subscriber = TestSubscriber.open(channel, EVERYTHING,
                fromBeginning().toBuilder().setMaxEntriesPerMessage(7).build());
        long last = appendMany(400);
        subscriber.readUntil(s -> s.position >= last, WAIT);
        subscriber.cancel();
        subscriber.assertContiguous(0, last);
        assertTrue(subscriber.messages.stream().anyMatch(SubscribeResponse::hasCaughtUp));
    }

    @Test
    void filteredStream_deliversOnlyMatches_andProgressCarriesThePositionPastTheRest()
            throws Exception {
        String caseRef = "c-" + UUID.randomUUID();
        TestSubscriber subscriber = TestSubscriber.open(channel, EVERYTHING,
                SubscribeRequest.newBuilder().setStart(StartPosition.newBuilder().setNow(true))
                        .setFilter(Filter.newBuilder().addEventTypes("application_filed"))
                        .build());
        subscriber.next(WAIT);
        client.as("eae-chemnitz").append(request(caseRef, "registered",
                Map.of("federal_state", "DE-SN")));
        long filed = client.as("bamf-dresden").append(request(caseRef, "application_filed",
                Map.of())).getIndex();
        long last = appendMany(30);
        subscriber.readUntil(s -> s.position >= last, WAIT);
        subscriber.cancel();
        assertEquals(List.of(filed), subscriber.entries.stream().map(Entry::getIndex).toList());
        assertTrue(subscriber.messages.stream().anyMatch(SubscribeResponse::hasProgress),
                "a progress message moved the position past the filtered entries");
    }

    @Test
    void needToKnow_anAuthorityNeverReceivesAnotherStatesCase() throws Exception {
        Set<String> berlin = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            AppendRequest request = registered("DE-BE");
            berlin.add(request.getChange().getCaseRef());
            client.as("bamf-berlin").append(request);
        }
        long last = appendMany(20);
        TestSubscriber subscriber = TestSubscriber.open(channel, "abh-berlin", fromBeginning());
        subscriber.readUntil(s -> s.position >= last, WAIT);
        subscriber.cancel();
        Set<String> seen = new HashSet<>();
        subscriber.entries.forEach(e -> seen.add(e.getChange().getCaseRef()));
        assertTrue(seen.containsAll(berlin), "all Berlin cases delivered");
        for (Entry e : subscriber.entries) {
            assertEquals("DE-BE", e.getChange().getAttributesOrThrow("federal_state")
                    .getTextValue(), "entry " + e.getIndex() + " is not a Berlin case");
        }
        assertFalse(subscriber.entries.isEmpty());
    }
}
