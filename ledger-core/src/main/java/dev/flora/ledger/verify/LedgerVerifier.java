package dev.flora.ledger.verify;

import dev.flora.ledger.checkpoint.Checkpoint;
import dev.flora.ledger.entry.EntryCodec;
import dev.flora.ledger.entry.EntryFormatException;
import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import dev.flora.ledger.merkle.CompactRange;
import dev.flora.ledger.merkle.NodeVisitor;

/**
 * Verifies a ledger entry by entry, in one pass and O(log n) memory: what an auditor runs over an
 * exported ledger.
 *
 * <p>For each entry, in order, it checks that the bytes are a canonical encoding (unless
 * disabled), that the entry's index is its position, and that its previous hash is the leaf hash
 * of the entry before; it appends the leaf hash to a Merkle tree. When a trusted checkpoint was
 * given, the root of the first {@code checkpoint.size()} entries MUST equal the signed root.
 *
 * <p>To name the first bad entry, a broken link is judged one entry later: if entry {@code i}
 * does not chain to {@code i-1} but {@code i+1} chains to {@code i}, entry {@code i-1} was
 * changed; if {@code i+1} does not chain either, entry {@code i} itself was changed.
 *
 * <p>Not thread-safe. Typical use: {@code add} every entry, then {@link #finish()}.
 */
public final class LedgerVerifier {

    private final Hasher hasher = Hasher.create();
    private final CompactRange tree = CompactRange.empty();
    private final boolean checkEncoding;
    private final Checkpoint checkpoint;

    private Digest lastLeaf = Digest.zero();
    private BrokenLink pendingBreak;
    private boolean finished;

    private LedgerVerifier(boolean checkEncoding, Checkpoint checkpoint) {
        this.checkEncoding = checkEncoding;
        this.checkpoint = checkpoint;
    }

    /** A verifier that fully decodes every entry and checks no checkpoint. */
    public static LedgerVerifier create() {
        return new LedgerVerifier(true, null);
    }

    /**
     * A verifier that also checks the tree against {@code trusted}, a checkpoint whose signature
     * the caller has already verified (see
     * {@link dev.flora.ledger.checkpoint.CheckpointVerifier}).
     */
    public static LedgerVerifier against(Checkpoint trusted) {
        return new LedgerVerifier(true, trusted);
    }

    /**
     * The same verifier without the full decode of every entry: only the header fields that
     * link the chain (version, index, previous hash) are read. Faster; it still detects every
     * change, removal, insertion and reordering, but not a non-canonical encoding.
     */
    public LedgerVerifier headersOnly() {
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
        Digest previous = readHeader(entry, position);
        Digest leaf = hasher.leafHash(entry);
        if (pendingBreak != null) {
            throw pendingBreak.judge(previous.equals(lastLeaf));
        }
        if (!previous.equals(lastLeaf)) {
            pendingBreak = new BrokenLink(position, lastLeaf, previous);
        }
        tree.append(leaf, NodeVisitor.NONE);
        lastLeaf = leaf;
        if (checkpoint != null && tree.size() == checkpoint.size()) {
            checkRoot();
        }
    }

    /**
     * Ends verification: settles a broken link at the last entry and checks that the ledger is at
     * least as long as the checkpoint.
     *
     * @throws VerificationException naming the first bad index and why
     */
    public void finish() throws VerificationException {
        finished = true;
        if (pendingBreak != null) {
            throw pendingBreak.atEnd();
        }
        if (checkpoint != null && tree.size() < checkpoint.size()) {
            throw new VerificationException(Failure.TRUNCATED_LEDGER, tree.size(),
                    "checkpoint covers " + checkpoint.size() + " entries, the ledger has only "
                            + tree.size());
        }
    }

    /** Checks encoding and index; returns the entry's previous hash. */
    private Digest readHeader(byte[] entry, long position) throws VerificationException {
        long index;
        Digest previous;
        try {
            if (checkEncoding) {
                EntryCodec.decode(entry);
            }
            index = EntryCodec.index(entry);
            previous = EntryCodec.previousHash(entry);
        } catch (EntryFormatException e) {
            throw new VerificationException(Failure.MALFORMED_ENTRY, position,
                    "entry at position " + position + " is malformed: " + e.getMessage(), e);
        }
        if (index > position) {
            throw new VerificationException(Failure.MISSING_ENTRY, position,
                    "entry at position " + position + " has index " + index + ": entries "
                            + position + ".." + (index - 1) + " are missing");
        }
        if (index < position) {
            throw new VerificationException(Failure.REORDERED_ENTRY, position,
                    "entry at position " + position + " has index " + index
                            + ": it is a duplicate, out of order, or something was inserted");
        }
        return previous;
    }

    private void checkRoot() throws VerificationException {
        Digest computed = tree.root();
        if (!computed.equals(checkpoint.rootHash())) {
            throw new VerificationException(Failure.ROOT_MISMATCH, -1,
                    "root of the first " + checkpoint.size() + " entries is " + computed
                            + ", the checkpoint signs " + checkpoint.rootHash());
        }
    }

    /** Entry {@code position} does not chain to the entry before it; judged one entry later. */
    private record BrokenLink(long position, Digest expected, Digest recorded) {

        VerificationException judge(boolean nextEntryChains) {
            if (nextEntryChains) {
                return changed();
            }
            return new VerificationException(Failure.BROKEN_CHAIN, position,
                    "entry " + position + " was changed: its previous hash " + recorded
                            + " is not the leaf hash " + expected + " of entry " + (position - 1)
                            + ", and entry " + (position + 1) + " does not chain to it either");
        }

        VerificationException atEnd() {
            return changed();
        }

        private VerificationException changed() {
            return new VerificationException(Failure.CHANGED_ENTRY, position - 1,
                    "entry " + (position - 1) + " was changed: its leaf hash is " + expected
                            + " but entry " + position + " records previous hash " + recorded);
        }
    }
}
