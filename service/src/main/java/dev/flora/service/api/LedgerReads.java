package dev.flora.service.api;

import dev.flora.api.ledger.v1.Case;
import dev.flora.api.ledger.v1.GetCaseRequest;
import dev.flora.api.ledger.v1.GetCaseResponse;
import dev.flora.api.ledger.v1.GetCheckpointResponse;
import dev.flora.api.ledger.v1.GetConsistencyProofRequest;
import dev.flora.api.ledger.v1.GetConsistencyProofResponse;
import dev.flora.api.ledger.v1.GetInclusionProofRequest;
import dev.flora.api.ledger.v1.GetInclusionProofResponse;
import dev.flora.api.ledger.v1.ListEntriesRequest;
import dev.flora.api.ledger.v1.ListEntriesResponse;
import dev.flora.ledger.entry.FieldChecks;
import dev.flora.service.checkpoint.Checkpoints;
import dev.flora.service.error.FloraException;
import dev.flora.service.error.FloraException.FieldViolation;
import dev.flora.service.error.Reason;
import dev.flora.service.read.EntryReads;
import dev.flora.service.read.Proofs;
import dev.flora.service.registry.CaseStateEntity;
import dev.flora.service.rules.Authority;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/** The read RPCs: cases, entry pages, checkpoints and proofs. */
@ApplicationScoped
public class LedgerReads {

    /** Largest page ListEntries returns. */
    static final int MAX_PAGE = 1000;
    private static final int DEFAULT_PAGE = 100;

    private final Mutiny.SessionFactory sessions;
    private final EntryReads entries;
    private final Proofs proofs;
    private final Checkpoints checkpoints;

    @Inject
    public LedgerReads(Mutiny.SessionFactory sessions, EntryReads entries, Proofs proofs,
            Checkpoints checkpoints) {
        this.sessions = sessions;
        this.entries = entries;
        this.proofs = proofs;
        this.checkpoints = checkpoints;
    }

    Uni<GetCaseResponse> getCase(Authority caller, GetCaseRequest request) {
        String ref = request.getCaseRef();
        try {
            FieldChecks.caseRef(ref);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(FloraException.invalidFields(
                    List.of(new FieldViolation("case_ref", e.getMessage()))));
        }
        return sessions.withStatelessSession(s -> s.get(CaseStateEntity.class, ref)).chain(found -> {
            if (found == null || !caller.serves(found.federalState)) {
                // Same answer for "absent" and "not yours": existence is need-to-know too.
                throw FloraException.of(Reason.CASE_NOT_FOUND, "case " + ref
                        + " not found", "case_ref", ref);
            }
            return entries.ofCase(ref).map(history -> {
                GetCaseResponse.Builder response = GetCaseResponse.newBuilder().setCase(
                        Case.newBuilder().setCaseRef(found.caseRef)
                                .setFederalState(found.federalState).setStage(found.stage)
                                .setDecisionOutcome(found.decisionOutcome)
                                .setRevision(found.revision).setLastIndex(found.lastIndex));
                history.forEach(e -> response.addHistory(ResponseMapping.toProto(e)));
                return response.build();
            });
        });
    }

    Uni<ListEntriesResponse> listEntries(ListEntriesRequest request) {
        if (request.getStartIndex() < 0) {
            return invalid("start_index", "must be >= 0, got " + request.getStartIndex());
        }
        if (request.getPageSize() < 0 || request.getPageSize() > MAX_PAGE) {
            return invalid("page_size", "must be 0.." + MAX_PAGE + ", got "
                    + request.getPageSize());
        }
        int pageSize = request.getPageSize() == 0 ? DEFAULT_PAGE : request.getPageSize();
        return entries.treeSize().chain(size -> entries.range(request.getStartIndex(), pageSize)
                .map(page -> {
                    ListEntriesResponse.Builder response = ListEntriesResponse.newBuilder()
                            .setTreeSize(size);
                    page.forEach(e -> response.addEntries(ResponseMapping.toProto(e)));
                    long next = page.isEmpty() ? request.getStartIndex()
                            : page.get(page.size() - 1).index() + 1;
                    return response.setNextIndex(next).build();
                }));
    }

    Uni<GetCheckpointResponse> getCheckpoint() {
        return checkpoints.latest().map(cp -> GetCheckpointResponse.newBuilder()
                .setSignedNote(cp.signedNote()).setOrigin(checkpoints.origin())
                .setTreeSize(cp.treeSize()).setRootHash(EntryMessages.bytes(cp.rootHash()))
                .setVerifierKey(checkpoints.verifierKey()).build());
    }

    Uni<GetInclusionProofResponse> getInclusionProof(GetInclusionProofRequest request) {
        long index = request.getIndex();
        return resolveSize(request.getTreeSize()).chain(size -> {
            if (index < 0 || index >= size) {
                throw outOfRange("index " + index + " is not in a tree of size " + size,
                        "index", index, "tree_size", size);
            }
            return entries.range(index, 1).chain(leaf -> proofs.inclusion(index, size)
                    .map(path -> {
                        GetInclusionProofResponse.Builder response = GetInclusionProofResponse
                                .newBuilder().setIndex(index).setTreeSize(size)
                                .setLeafHash(EntryMessages.bytes(leaf.get(0).leafHash()));
                        path.forEach(h -> response.addHashes(EntryMessages.bytes(h)));
                        return response.build();
                    }));
        });
    }

    Uni<GetConsistencyProofResponse> getConsistencyProof(GetConsistencyProofRequest request) {
        long from = request.getFromTreeSize();
        return resolveSize(request.getToTreeSize()).chain(to -> {
            if (from <= 0 || from > to) {
                throw outOfRange("from_tree_size " + from + " must be in 1.." + to,
                        "from_tree_size", from, "to_tree_size", to);
            }
            return proofs.consistency(from, to).map(path -> {
                GetConsistencyProofResponse.Builder response = GetConsistencyProofResponse
                        .newBuilder().setFromTreeSize(from).setToTreeSize(to);
                path.forEach(h -> response.addHashes(EntryMessages.bytes(h)));
                return response.build();
            });
        });
    }

    /** 0 means the latest checkpoint's size; otherwise the size must be committed. */
    private Uni<Long> resolveSize(long requested) {
        if (requested < 0) {
            return Uni.createFrom().failure(outOfRange("tree size " + requested + " < 0",
                    "tree_size", requested));
        }
        if (requested == 0) {
            return checkpoints.latest().map(cp -> cp.treeSize());
        }
        return entries.treeSize().map(committed -> {
            if (requested > committed) {
                throw outOfRange("tree size " + requested + " exceeds the committed size "
                        + committed, "tree_size", requested, "committed_size", committed);
            }
            return requested;
        });
    }

    private static FloraException outOfRange(String message, Object... keyValues) {
        return FloraException.of(Reason.OUT_OF_RANGE, message, keyValues);
    }

    private static <T> Uni<T> invalid(String field, String problem) {
        return Uni.createFrom().failure(FloraException.invalidFields(
                List.of(new FieldViolation(field, problem))));
    }

}
