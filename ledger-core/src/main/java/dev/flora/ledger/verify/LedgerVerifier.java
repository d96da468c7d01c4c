package dev.flora.ledger.verify;

import dev.flora.ledger.checkpoint.Checkpoint;
import dev.flora.ledger.entry.EntryCodec;
import dev.flora.ledger.entry.EntryFormatException;
import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import dev.flora.ledger.merkle.CompactRange;
import dev.flora.ledger.merkle.NodeVisitor;
import java.util.Arrays;

/**
 * Verifies a ledger entry by entry, in one pass and O(log n) memory: what an auditor runs over an
 * exported ledger.
 *
 * <p>For each entry, in order, it checks that the bytes are a canonical encoding (unless
 * {@link #headersOnly()}), that the entry's index is its position, and that its previous hash is
 * the leaf hash of the entry before; it appends the leaf hash to a Merkle tree. When a trusted
 * checkpoint was given, the root of the first {@code checkpoint.size()} entries MUST equal the
 * signed root.
 *
 * <p>To name the first bad entry and what happened to it, some failures are judged one entry
 * later: a broken link at entry {@code i} is a changed entry {@code i-1} when entry {@code i+1}
 * chains to {@code i}, and a changed entry {@code i} otherwise; an index that skips ahead is a
 * swap when the next entry fills the gap, and missing entries otherwise.
 *
 * <p>Not thread-safe. Use: {@link #add} every entry in order, then {@link #finish()}.
 */
public final class LedgerVerifier {

    private final Hasher hasher = Hasher.create();
    private final CompactRange tree = CompactRange.empty();
    private final boolean checkEncoding;
    private final Checkpoint checkpoint;

    private Digest lastLeaf = Digest.zero();
    private Digest lastPrevious;
    private byte[] lastEntry;
    private Judgement pending;
    private boolean finished;

    private LedgerVerifier(boolean checkEncoding, Checkpoint checkpoint) {
        this.checkEncoding = checkEncoding;
        this.checkpoint = checkpoint;
    }

    /** A verifier that fully validates every entry's encoding and checks no checkpoint. */
    public static LedgerVerifier create() {
        return new LedgerVerifier(true, null);
    }

    /**
     * A verifier that also checks the tree against {@code trusted}, a checkpoint whose signature
     * the caller has already verified (see {@link dev.flora.ledger.checkpoint.CheckpointVerifier}).
     */
    public static LedgerVerifier against(Checkpoint trusted) {
        if (trusted == null) {
            throw new IllegalArgumentException("trusted checkpoint is null");
        }
        return new LedgerVerifier(true, trusted);
    }

    /**
     * This verifier's configuration without the full validation of every entry: only the fields that
     * link the chain (version, index, previous hash) are read. It still detects every change,
     * removal, insertion and reordering, but not a non-canonical encoding.
     */
    public LedgerVerifier headersOnly() {
        if (tree.size() > 0) {
            throw new IllegalStateException("choose headersOnly() before the first entry");
        }
        return new LedgerVerifier(false, checkpoint);
    }

    /** Number of entries accepted so far. */
    public long size() {
        return tree.size();
    }

    /** RFC 9162 root hash of the entries accepted so far. */
    public Digest root() {
        return tree.root();
    }

    /**
     * Checks the next entry.
     *
     * @throws VerificationException naming the first bad index and why
     */
    public void add(byte[] entry) throws VerificationException {
        if (finished) {
            throw new IllegalStateException("verifier already finished at size " + size());
        }
        long position = tree.size();
        long index = index(entry, position);
        Digest previous = previousHash(entry);
        if (pending != null) {
            throw pending.next(index, previous.equals(lastLeaf));
        }
        if (index > position) {
            pending = Judgement.gap(position, index);
            return;
        }
        if (index < position) {
            throw misplaced(entry, index, previous, position);
        }
        Digest leaf = hasher.leafHash(entry);
        if (!previous.equals(lastLeaf)) {
            if (position == 0) {
                throw new VerificationException(Failure.BROKEN_CHAIN, 0, "entry 0 records"
                        + " previous hash " + previous + ", want 32 zero bytes");
            }
            pending = Judgement.brokenLink(position, lastLeaf, previous);
        }
        tree.append(leaf, NodeVisitor.NONE);
        lastLeaf = leaf;
        lastPrevious = previous;
        lastEntry = entry;
        if (checkpoint != null && tree.size() == checkpoint.size()) {
            checkRoot();
        }
    }

    /**
     * Ends verification: settles a failure pending at the last entry and checks that the ledger
     * is at least as long as the checkpoint.
     *
     * @throws VerificationException naming the first bad index and why
     */
    public void finish() throws VerificationException {
        finished = true;
        if (pending != null) {
            throw pending.atEnd();
        }
        if (checkpoint != null && tree.size() < checkpoint.size()) {
            throw new VerificationException(Failure.TRUNCATED_LEDGER, tree.size(),
                    "checkpoint covers " + checkpoint.size() + " entries, the ledger has only "
                            + tree.size());
        }
    }

    private long index(byte[] entry, long position) throws VerificationException {
        try {
            if (checkEncoding) {
                EntryCodec.validate(entry);
            }
            return EntryCodec.index(entry);
        } catch (EntryFormatException e) {
            throw new VerificationException(Failure.MALFORMED_ENTRY, position,
                    "entry at position " + position + " is malformed: " + e.getMessage(), e);
        }
    }

    private static Digest previousHash(byte[] entry) {
        try {
            return EntryCodec.previousHash(entry);
        } catch (EntryFormatException e) {
            throw new IllegalStateException("header was checked before", e);
        }
    }

    private VerificationException misplaced(byte[] entry, long index, Digest previous,
            long position) {
        if (Arrays.equals(entry, lastEntry)) {
            return new VerificationException(Failure.REORDERED_ENTRY, position, "entry at position "
                    + position + " repeats entry " + index);
        }
        if (index == position - 1 && previous.equals(lastPrevious)) {
            return new VerificationException(Failure.INSERTED_ENTRY, index, "entries at positions "
                    + index + " and " + position + " both claim index " + index
                    + " after the same predecessor: one of them was inserted");
        }
        return new VerificationException(Failure.REORDERED_ENTRY, position, "entry at position "
                + position + " has index " + index + ": entries are out of order");
    }

    private void checkRoot() throws VerificationException {
        Digest computed = tree.root();
        if (!computed.equals(checkpoint.rootHash())) {
            throw new VerificationException(Failure.ROOT_MISMATCH, -1,
                    "root of the first " + checkpoint.size() + " entries is " + computed
                            + ", the checkpoint signs " + checkpoint.rootHash());
        }
    }
}
