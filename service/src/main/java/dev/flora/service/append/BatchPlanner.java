package dev.flora.service.append;

import dev.flora.ledger.entry.Entry;
import dev.flora.ledger.entry.EntryCodec;
import dev.flora.ledger.entry.EntryFormatException;
import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import dev.flora.ledger.merkle.CompactRange;
import dev.flora.ledger.merkle.TileWriter;
import dev.flora.service.append.AppendCommand.RequestKey;
import dev.flora.service.error.FloraException;
import dev.flora.service.error.Reason;
import dev.flora.service.rules.CaseState;
import dev.flora.service.rules.RuleBook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, inside the append transaction and under the ledger head lock, what a batch of
 * commands writes. Pure computation over what the transaction read; no I/O.
 *
 * <p>Commands are judged in order, each seeing the effects of those before it: an idempotent
 * retry returns the stored result; a request id reused for other content is a conflict; then the
 * expected revision and the rules are checked against the case as it stands at that point of
 * the batch. A rejected command writes nothing and does not affect the others.
 */
final class BatchPlanner {

    private final RuleBook rules;

    BatchPlanner(RuleBook rules) {
        this.rules = rules;
    }

    /** What the transaction read before planning. */
    record Snapshot(LedgerHead head, Map<RequestKey, StoredEntry> existing,
            Map<String, CaseState> cases, Map<Long, String> referencedCases) {
    }

    BatchPlan plan(List<AppendCommand> commands, Snapshot snapshot, Instant recordedTime) {
        Run run = new Run(snapshot, recordedTime, commands.size());
        List<Object> outcomes = new ArrayList<>(commands.size());
        for (AppendCommand command : commands) {
            try {
                outcomes.add(run.judge(command));
            } catch (FloraException rejected) {
                outcomes.add(rejected);
            }
        }
        return new BatchPlan(run.rows, run.tiles.drain(), run.tree, run.lastLeaf, outcomes,
                run.batchKeys.keySet());
    }

    /** The mutable state of planning one batch. */
    private final class Run {
        private final Snapshot snapshot;
        private final Instant recordedTime;
        private final Hasher hasher = Hasher.create();
        private final TileWriter tiles = new TileWriter();
        private final CompactRange tree;
        private final List<EntryRow> rows;
        /** The index of the batch's first entry. */
        private final long firstIndex;
        private final Map<RequestKey, EntryRow> batchKeys;
        private final Map<String, CaseState> changedCases;
        private Digest lastLeaf;

        Run(Snapshot snapshot, Instant recordedTime, int commands) {
            int capacity = Math.max(16, commands * 4 / 3 + 1);
            this.rows = new ArrayList<>(commands);
            this.batchKeys = new HashMap<>(capacity);
            this.changedCases = new LinkedHashMap<>(capacity);
            this.snapshot = snapshot;
            this.recordedTime = recordedTime;
            // A copy: the snapshot MUST stay as read, a batch may be planned twice from it.
            this.tree = snapshot.head().tree().copy();
            this.lastLeaf = snapshot.head().lastLeafHash();
            this.firstIndex = tree.size();
        }

        AppendResult judge(AppendCommand command) {
            RequestKey key = command.key();
            AppendResult retry = idempotentResult(command, key);
            if (retry != null) {
                return retry;
            }
            String caseRef = command.change().caseRef();
            CaseState current = currentCase(caseRef);
            checkRevision(command, current);
            long index = tree.size();
            RuleBook.Outcome outcome = rules.apply(command.caller(), current, command.change(),
                    index);
            List<Long> references = outcome.references();
            for (int i = 0; i < references.size(); i++) {
                checkReference(caseRef, references.get(i), index);
            }
            return append(command, key, outcome.next());
        }

        private AppendResult idempotentResult(AppendCommand command, RequestKey key) {
            EntryRow earlier = batchKeys.get(key);
            if (earlier != null) {
                requireSameContent(command, earlier.entry());
                return earlier.result();
            }
            StoredEntry stored = snapshot.existing().isEmpty() ? null
                    : snapshot.existing().get(key);
            if (stored == null) {
                return null;
            }
            Entry entry;
            try {
                entry = EntryCodec.decode(stored.entryBytes());
            } catch (EntryFormatException e) {
                throw new IllegalStateException("stored entry " + stored.index()
                        + " does not decode", e);
            }
            requireSameContent(command, entry);
            return stored.result();
        }

        /** A reused request id must carry the same change, else REQUEST_ID_CONFLICT. */
        private void requireSameContent(AppendCommand command, Entry entry) {
            if (!entry.change().equals(command.change())) {
                throw conflict(command, entry.index());
            }
        }

        private CaseState currentCase(String caseRef) {
            CaseState changed = changedCases.get(caseRef);
            return changed != null ? changed : snapshot.cases().get(caseRef);
        }

        private void checkRevision(AppendCommand command, CaseState current) {
            long actual = current == null ? 0 : current.revision();
            if (command.expectedRevision() != AppendCommand.ANY_REVISION
                    && command.expectedRevision() != actual) {
                throw FloraException.of(Reason.WRONG_EXPECTED_REVISION, "case "
                        + command.change().caseRef() + " is at revision " + actual
                        + ", the request expected " + command.expectedRevision(),
                        "case_ref", command.change().caseRef(), "actual_revision", actual,
                        "expected_revision", command.expectedRevision());
            }
        }

        private void checkReference(String caseRef, long reference, long index) {
            String referenced = reference >= firstIndex && reference < index
                    ? rows.get((int) (reference - firstIndex)).caseAfter().caseRef()
                    : snapshot.referencedCases().get(reference);
            if (reference >= index || !caseRef.equals(referenced)) {
                throw FloraException.of(Reason.INVALID_REFERENCE, "entry " + reference
                        + " is not an earlier entry of case " + caseRef, "case_ref", caseRef,
                        "referenced_index", reference);
            }
        }

        private AppendResult append(AppendCommand command, RequestKey key, CaseState next) {
            Entry entry = new Entry(tree.size(), lastLeaf, recordedTime, command.change());
            byte[] bytes = EntryCodec.encode(entry);
            Digest leaf = hasher.leafHash(bytes);
            tree.append(leaf, tiles);
            lastLeaf = leaf;
            EntryRow row = new EntryRow(entry, bytes, leaf, next);
            rows.add(row);
            batchKeys.put(key, row);
            changedCases.put(next.caseRef(), next);
            return row.result();
        }

        private FloraException conflict(AppendCommand command, long index) {
            return FloraException.of(Reason.REQUEST_ID_CONFLICT, "request id '"
                    + command.change().requestId() + "' of " + command.change().issuingAuthority()
                    + " was used for a different change (entry " + index + ")",
                    "request_id", command.change().requestId(), "existing_index", index);
        }
    }
}
