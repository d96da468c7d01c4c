package dev.flora.service.append;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flora.ledger.entry.Attributes;
import dev.flora.ledger.entry.StatusChange;
import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.merkle.CompactRange;
import dev.flora.service.append.GroupCommitter.Predecessor;
import dev.flora.service.append.GroupCommitter.Progress;
import dev.flora.service.error.FloraException;
import dev.flora.service.rules.Authority;
import dev.flora.service.rules.AuthorityKind;
import dev.flora.service.rules.CaseState;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The order and overlap of batches, with a scripted writer in place of PostgreSQL (the writer's
 * own behaviour is tested against a real database through the API).
 */
class GroupCommitterTest {

    private static final Authority CALLER = new Authority("bamf-dresden",
            AuthorityKind.BAMF_BRANCH_OFFICE, Set.of("DE-SN"));

    /** A writer whose batches end when the test says so. */
    private static final class ScriptedWriter implements GroupCommitter.Batches {
        final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

        record Call(List<AppendCommand> commands, Predecessor predecessor,
                Progress progress, CompletableFuture<BatchPlan> result) {
            BatchPlan send() {
                BatchPlan plan = plan(commands.size());
                progress.planned(plan);
                return plan;
            }

            boolean predecessorHoldsHead() {
                return predecessor.holdsHead().subscribeAsCompletionStage().isDone();
            }
        }

        @Override
        public Uni<BatchPlan> write(List<AppendCommand> commands, Predecessor predecessor,
                Progress progress) {
            CompletableFuture<BatchPlan> result = new CompletableFuture<>();
            calls.add(new Call(commands, predecessor, progress, result));
            return Uni.createFrom().completionStage(result);
        }
    }

    private static BatchPlan plan(int outcomes) {
        List<Object> results = new ArrayList<>();
        for (int i = 0; i < outcomes; i++) {
            results.add("result " + i);
        }
        // One row, so that the plan counts as writing and is reported after its commit.
        EntryRow row = new EntryRow(null, new byte[0], Digest.zero(),
                new CaseState("case-1", "DE-SN", "registered", "", 1, 0));
        return new BatchPlan(List.of(row), List.of(), CompactRange.empty(), Digest.zero(),
                results, Set.of());
    }

    private static List<AppendCommand> group(String requestId) {
        StatusChange change = new StatusChange("case-1", "registered", CALLER.id(),
                Instant.EPOCH, Attributes.empty(), Optional.empty(), requestId);
        return List.of(new AppendCommand(CALLER, change, AppendCommand.ANY_REVISION));
    }

    private final List<BatchPlan> reported = Collections.synchronizedList(new ArrayList<>());

    private GroupCommitter committer(ScriptedWriter writer, int inFlight) {
        return committer(writer, inFlight, 1);
    }

    private GroupCommitter committer(ScriptedWriter writer, int inFlight, int aheadFrom) {
        return new GroupCommitter(writer, 10, 100, inFlight, aheadFrom, reported::add);
    }

    private static CompletableFuture<List<Object>> submit(GroupCommitter committer,
            String requestId) {
        return committer.submit(group(requestId)).subscribeAsCompletionStage();
    }

    @Test
    void eachNextBatchStartsOnceTheNewestHasPlanned_onThatPlan_upToTheLimit() {
        ScriptedWriter writer = new ScriptedWriter();
        GroupCommitter committer = committer(writer, 3);
        submit(committer, "r-1");
        submit(committer, "r-2");
        assertEquals(1, writer.calls.size(), "the first batch has not planned yet");
        assertNull(writer.calls.get(0).predecessor());

        BatchPlan first = writer.calls.get(0).send();
        assertEquals(2, writer.calls.size());
        assertSame(first, writer.calls.get(1).predecessor().plan());
        submit(committer, "r-3");
        BatchPlan second = writer.calls.get(1).send();
        assertEquals(3, writer.calls.size());
        assertSame(second, writer.calls.get(2).predecessor().plan());
        submit(committer, "r-4");
        writer.calls.get(2).send();
        assertEquals(3, writer.calls.size(), "never more than three batches in flight");

        writer.calls.get(0).result().complete(first);
        assertEquals(4, writer.calls.size(), "the first ended: room for the fourth");
    }

    @Test
    void aBatchStartsAheadOnlyOnceEnoughAppendsWait() {
        ScriptedWriter writer = new ScriptedWriter();
        GroupCommitter committer = committer(writer, 2, 3);
        submit(committer, "r-1");
        BatchPlan first = writer.calls.get(0).send();
        submit(committer, "r-2");
        submit(committer, "r-3");
        assertEquals(1, writer.calls.size(), "two appends wait, fewer than three");
        submit(committer, "r-4");
        assertEquals(2, writer.calls.size(), "three wait: planned ahead");
        assertSame(first, writer.calls.get(1).predecessor().plan());
        assertEquals(3, writer.calls.get(1).commands().size());

        BatchPlan second = writer.calls.get(1).send();
        submit(committer, "r-5");
        writer.calls.get(0).result().complete(first);
        assertEquals(2, writer.calls.size(), "one append waits while one batch is in flight");
        writer.calls.get(1).result().complete(second);
        assertEquals(3, writer.calls.size(), "none in flight: it starts");
        assertNull(writer.calls.get(2).predecessor());
        assertEquals(1, writer.calls.get(2).commands().size());
    }

    @Test
    void aPredecessorHoldsTheHead_onceItSaysSo_orOnceItHasEnded() {
        ScriptedWriter writer = new ScriptedWriter();
        GroupCommitter committer = committer(writer, 3);
        submit(committer, "r-1");
        submit(committer, "r-2");
        writer.calls.get(0).send();
        submit(committer, "r-3");
        BatchPlan second = writer.calls.get(1).send();
        assertFalse(writer.calls.get(1).predecessorHoldsHead());
        writer.calls.get(0).progress().holdsHead();
        assertTrue(writer.calls.get(1).predecessorHoldsHead());

        assertFalse(writer.calls.get(2).predecessorHoldsHead());
        writer.calls.get(1).result().complete(second);
        assertFalse(writer.calls.get(2).predecessorHoldsHead(),
                "the second has not ended: it is answered after the first");
        writer.calls.get(0).result().completeExceptionally(new IllegalStateException("lost"));
        assertTrue(writer.calls.get(2).predecessorHoldsHead(),
                "the second ended without saying it held the head");
    }

    @Test
    void withOneInFlight_theNextBatchWaitsForTheFirstToEnd() {
        ScriptedWriter writer = new ScriptedWriter();
        GroupCommitter committer = committer(writer, 1);
        submit(committer, "r-1");
        submit(committer, "r-2");
        BatchPlan first = writer.calls.get(0).send();
        assertEquals(1, writer.calls.size());
        writer.calls.get(0).result().complete(first);
        assertEquals(2, writer.calls.size());
        assertNull(writer.calls.get(1).predecessor());
    }

    @Test
    void aBatchThatCommitsFirst_isAnsweredAfterTheBatchBeforeIt() {
        ScriptedWriter writer = new ScriptedWriter();
        GroupCommitter committer = committer(writer, 2);
        CompletableFuture<List<Object>> one = submit(committer, "r-1");
        CompletableFuture<List<Object>> two = submit(committer, "r-2");
        BatchPlan first = writer.calls.get(0).send();
        BatchPlan second = writer.calls.get(1).send();

        writer.calls.get(1).result().complete(second);
        assertFalse(two.isDone(), "answered only after the batch before it");
        assertTrue(reported.isEmpty());
        CompletableFuture<Void> ended = writer.calls.get(1).predecessor().ended()
                .subscribeAsCompletionStage();
        assertFalse(ended.isDone());

        writer.calls.get(0).result().complete(first);
        assertTrue(one.isDone() && two.isDone() && ended.isDone());
        assertEquals(List.of(first, second), reported, "reported in ledger order");
    }

    @Test
    void whenTheFirstBatchFails_itsGroupsFail_andTheNextIsStillAnswered() {
        ScriptedWriter writer = new ScriptedWriter();
        GroupCommitter committer = committer(writer, 2);
        CompletableFuture<List<Object>> one = submit(committer, "r-1");
        CompletableFuture<List<Object>> two = submit(committer, "r-2");
        writer.calls.get(0).send();
        BatchPlan second = writer.calls.get(1).send();

        writer.calls.get(0).result().completeExceptionally(new IllegalStateException("lost"));
        assertTrue(one.isCompletedExceptionally());
        FloraException failure = assertInstanceOf(FloraException.class,
                one.handle((ok, e) -> e).join());
        assertEquals("STORAGE_UNAVAILABLE", failure.reason().name());
        writer.calls.get(1).result().complete(second);
        assertEquals(List.of("result 0"), two.join());
    }

    @Test
    void close_completesOnceEveryQueuedGroupIsAnswered() {
        ScriptedWriter writer = new ScriptedWriter();
        GroupCommitter committer = committer(writer, 2);
        submit(committer, "r-1");
        submit(committer, "r-2");
        CompletableFuture<Void> drained = committer.close();
        BatchPlan first = writer.calls.get(0).send();
        BatchPlan second = writer.calls.get(1).send();
        writer.calls.get(0).result().complete(first);
        assertFalse(drained.isDone());
        writer.calls.get(1).result().complete(second);
        assertTrue(drained.isDone());
    }
}
