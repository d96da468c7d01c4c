package dev.flora.service.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.api.ledger.v1.AppendStreamResponse;
import dev.flora.api.ledger.v1.StartPosition;
import dev.flora.api.ledger.v1.SubscribeRequest;
import dev.flora.api.ledger.v1.SubscribeResponse;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A subscriber that stops reading holds bounded memory and slows nobody down; when it reads
 * again it falls back to storage and catches up. The test profile keeps a live log of only 300
 * entries so that 2000 appends overrun it.
 */
@QuarkusTest
@Timeout(120)
class FlowControlTest extends GrpcTestBase {

    static final Duration WAIT = Duration.ofSeconds(60);

    static SubscribeRequest fromNow() {
        return SubscribeRequest.newBuilder().setStart(StartPosition.newBuilder().setNow(true))
                .setMaxEntriesPerMessage(20).build();
    }

    @Test
    void stalledSubscriber_staysBounded_fastOnesGetEverything_andItCatchesUpLater()
            throws Exception {
        TestSubscriber stalled = TestSubscriber.open(channel, "bamf-nuernberg", fromNow(), 1);
        stalled.next(WAIT);
        List<TestSubscriber> fast = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TestSubscriber subscriber = TestSubscriber.open(channel, "bamf-nuernberg", fromNow());
            subscriber.next(WAIT);
            fast.add(subscriber);
        }
        long start = stalled.position + 1;
        long last = appendStream(2000);

        for (TestSubscriber subscriber : fast) {
            subscriber.readUntil(s -> s.position >= last, WAIT);
            assertTrue(subscriber.entries.get(0).getIndex() >= start);
            subscriber.assertContiguous(subscriber.entries.get(0).getIndex(), last);
            subscriber.cancel();
        }
        double held = metric("flora_subscription_buffered_entries_max");
        assertTrue(held <= 1000, "a subscription holds " + held + " entries, want <= one page");

        stalled.request(Integer.MAX_VALUE);
        stalled.readUntil(s -> s.position >= last && caughtUpAfterFallingBehind(s), WAIT);
        stalled.cancel();
        stalled.assertContiguous(start, last);
        assertTrue(stalled.messages.stream().anyMatch(SubscribeResponse::hasFellBehind),
                "the stalled subscriber fell behind the 300-entry live log");
    }

    static boolean caughtUpAfterFallingBehind(TestSubscriber s) {
        boolean fellBehind = false;
        for (SubscribeResponse message : s.messages) {
            fellBehind |= message.hasFellBehind();
            if (fellBehind && message.hasCaughtUp()) {
                return true;
            }
        }
        return false;
    }

    /** Appends {@code n} registrations over one AppendStream; returns the last index. */
    long appendStream(int n) throws Exception {
        List<List<AppendRequest>> messages = new ArrayList<>();
        for (int i = 0; i < n; i += 50) {
            List<AppendRequest> message = new ArrayList<>();
            for (int j = i; j < Math.min(n, i + 50); j++) {
                message.add(LedgerClient.request("c-" + UUID.randomUUID(), "registered",
                        Map.of("federal_state", "DE-SN")));
            }
            messages.add(message);
        }
        List<AppendStreamResponse> responses = client.appendStream("eae-chemnitz", messages);
        AppendStreamResponse last = responses.get(responses.size() - 1);
        return last.getResults(last.getResultsCount() - 1).getAppended().getIndex();
    }

    static double metric(String name) {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$")
                .matcher(text);
        assertTrue(m.find(), name + " missing from /q/metrics");
        return Double.parseDouble(m.group(2));
    }
}
