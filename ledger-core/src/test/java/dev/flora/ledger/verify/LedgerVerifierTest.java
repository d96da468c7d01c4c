package dev.flora.ledger.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flora.ledger.checkpoint.Checkpoint;
import dev.flora.ledger.entry.Attributes;
import dev.flora.ledger.entry.Entry;
import dev.flora.ledger.entry.EntryCodec;
import dev.flora.ledger.entry.StatusChange;
import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import dev.flora.ledger.merkle.CompactRange;
import dev.flora.ledger.merkle.NodeVisitor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every kind of tampering is detected and the first bad index is named, in both modes. */
class LedgerVerifierTest {

    static final int SIZE = 40;
    static final Instant TIME = Instant.parse("2026-11-27T08:00:00Z");

    static StatusChange change(int i, String caseRef) {
        return new StatusChange(caseRef, "decision_issued", "bamf-dresden", TIME,
                Attributes.builder().text("outcome", "refugee_protection").build(),
                Optional.empty(), "req-" + i);
    }

    /** A valid ledger of {@code n} entries, as canonical bytes. */
    static List<byte[]> ledger(int n) {
        List<byte[]> entries = new ArrayList<>();
        Digest previous = Digest.zero();
        Hasher hasher = Hasher.create();
        for (int i = 0; i < n; i++) {
            byte[] bytes = EntryCodec.encode(new Entry(i, previous, TIME.plusSeconds(i),
                    change(i, "case-" + i)));
            previous = hasher.leafHash(bytes);
            entries.add(bytes);
        }
        return entries;
    }

    static Digest root(List<byte[]> entries) {
        CompactRange tree = CompactRange.empty();
        Hasher hasher = Hasher.create();
        entries.forEach(e -> tree.append(hasher.leafHash(e), NodeVisitor.NONE));
        return tree.root();
    }

    static LedgerVerifier verifier(boolean headersOnly, Checkpoint checkpoint) {
        LedgerVerifier v = checkpoint == null ? LedgerVerifier.create()
                : LedgerVerifier.against(checkpoint);
        return headersOnly ? v.headersOnly() : v;
    }

    static void verify(List<byte[]> entries, boolean headersOnly, Checkpoint checkpoint)
            throws VerificationException {
        LedgerVerifier v = verifier(headersOnly, checkpoint);
        for (byte[] e : entries) {
            v.add(e);
        }
        v.finish();
    }

    static VerificationException fails(List<byte[]> entries, boolean headersOnly,
            Checkpoint checkpoint) {
        return assertThrows(VerificationException.class,
                () -> verify(entries, headersOnly, checkpoint));
    }

    static Checkpoint checkpointOf(List<byte[]> entries) {
        return Checkpoint.of("flora.example/test", entries.size(), root(entries));
    }

    /** Entry k with other content but its original index and previous hash. */
    static byte[] changed(List<byte[]> entries, int k) throws Exception {
        Entry original = EntryCodec.decode(entries.get(k));
        return EntryCodec.encode(new Entry(k, original.previousHash(), original.recordedTime(),
                change(k, "forged-case")));
    }

    @Test
    void validLedger_verifies_andItsRootIsTheTreeRoot() throws Exception {
        List<byte[]> entries = ledger(SIZE);
        LedgerVerifier v = LedgerVerifier.against(checkpointOf(entries));
        for (byte[] e : entries) {
            v.add(e);
        }
        v.finish();
        assertEquals(SIZE, v.size());
        assertEquals(root(entries), v.root());
    }

    @Test
    void ledgerLongerThanItsCheckpoint_verifies() throws Exception {
        List<byte[]> entries = ledger(SIZE);
        verify(entries, false, checkpointOf(entries.subList(0, 17)));
    }

    @ParameterizedTest(name = "headersOnly={0}")
    @ValueSource(booleans = {false, true})
    void changedEntry_isNamed(boolean headersOnly) throws Exception {
        List<byte[]> entries = ledger(SIZE);
        entries.set(12, changed(entries, 12));
        VerificationException e = fails(entries, headersOnly, null);
        assertEquals(Failure.CHANGED_ENTRY, e.failure());
        assertEquals(12, e.index());
    }

    @ParameterizedTest(name = "headersOnly={0}")
    @ValueSource(booleans = {false, true})
    void changedPreviousHash_isABrokenChainAtThatEntry(boolean headersOnly) {
        List<byte[]> entries = ledger(SIZE);
        entries.get(20)[9 + 5] ^= 0x10;
        VerificationException e = fails(entries, headersOnly, null);
        assertEquals(Failure.BROKEN_CHAIN, e.failure());
        assertEquals(20, e.index());
    }

    @ParameterizedTest(name = "headersOnly={0}")
    @ValueSource(booleans = {false, true})
    void removedEntry_isMissing(boolean headersOnly) {
        List<byte[]> entries = ledger(SIZE);
        entries.remove(7);
        VerificationException e = fails(entries, headersOnly, null);
        assertEquals(Failure.MISSING_ENTRY, e.failure());
        assertEquals(7, e.index());
    }

    @ParameterizedTest(name = "headersOnly={0}")
    @ValueSource(booleans = {false, true})
    void swappedEntries_areReordered(boolean headersOnly) {
        List<byte[]> entries = ledger(SIZE);
        Collections.swap(entries, 30, 31);
        VerificationException e = fails(entries, headersOnly, null);
        assertEquals(Failure.REORDERED_ENTRY, e.failure());
        assertEquals(30, e.index());
    }

    @ParameterizedTest(name = "headersOnly={0}")
    @ValueSource(booleans = {false, true})
    void duplicatedEntry_isReordered(boolean headersOnly) {
        List<byte[]> entries = ledger(SIZE);
        entries.add(9, entries.get(8));
        VerificationException e = fails(entries, headersOnly, null);
        assertEquals(Failure.REORDERED_ENTRY, e.failure());
        assertEquals(9, e.index());
    }

    @ParameterizedTest(name = "headersOnly={0}")
    @ValueSource(booleans = {false, true})
    void insertedEntry_isNamed(boolean headersOnly) throws Exception {
        List<byte[]> entries = ledger(SIZE);
        entries.add(15, changed(entries, 15));
        VerificationException e = fails(entries, headersOnly, null);
        assertEquals(Failure.INSERTED_ENTRY, e.failure());
        assertEquals(15, e.index());
    }

    @Test
    void malformedEntry_isNamed() {
        List<byte[]> entries = ledger(SIZE);
        entries.set(3, Arrays.copyOf(entries.get(3), entries.get(3).length - 1));
        VerificationException e = fails(entries, false, null);
        assertEquals(Failure.MALFORMED_ENTRY, e.failure());
        assertEquals(3, e.index());
    }

    @Test
    void genesisWithAForeignPreviousHash_isABrokenChain() {
        List<byte[]> entries = ledger(SIZE);
        entries.get(0)[9] = 1;
        VerificationException e = fails(entries, true, null);
        assertEquals(Failure.BROKEN_CHAIN, e.failure());
        assertEquals(0, e.index());
    }

    @Test
    void rewrittenHistoryWithARecomputedChain_failsAgainstTheCheckpoint() throws Exception {
        List<byte[]> honest = ledger(SIZE);
        Checkpoint checkpoint = checkpointOf(honest);
        List<byte[]> rewritten = new ArrayList<>(honest.subList(0, 10));
        Digest previous = Hasher.create().leafHash(rewritten.get(9));
        for (int i = 10; i < SIZE; i++) {
            byte[] bytes = EntryCodec.encode(new Entry(i, previous, TIME, change(i, "x" + i)));
            previous = Hasher.create().leafHash(bytes);
            rewritten.add(bytes);
        }
        verify(rewritten, false, null);
        VerificationException e = fails(rewritten, false, checkpoint);
        assertEquals(Failure.ROOT_MISMATCH, e.failure());
        assertTrue(e.getMessage().contains(checkpoint.rootHash().toHex()), e.getMessage());
    }

    @Test
    void changedLastEntry_failsAgainstTheCheckpoint() throws Exception {
        List<byte[]> entries = ledger(SIZE);
        Checkpoint checkpoint = checkpointOf(entries);
        entries.set(SIZE - 1, changed(entries, SIZE - 1));
        assertEquals(Failure.ROOT_MISMATCH, fails(entries, true, checkpoint).failure());
    }

    @Test
    void truncatedLedger_failsAgainstTheCheckpoint() {
        List<byte[]> entries = ledger(SIZE);
        Checkpoint checkpoint = checkpointOf(entries);
        VerificationException e = fails(entries.subList(0, SIZE - 3), false, checkpoint);
        assertEquals(Failure.TRUNCATED_LEDGER, e.failure());
        assertEquals(SIZE - 3, e.index());
    }

    @Test
    void export_roundTripsEntries() throws IOException {
        List<byte[]> entries = ledger(5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LedgerExport.Writer writer = new LedgerExport.Writer(out);
        for (byte[] e : entries) {
            writer.write(e);
        }
        writer.flush();
        LedgerExport.Reader reader = new LedgerExport.Reader(
                new ByteArrayInputStream(out.toByteArray()));
        for (byte[] e : entries) {
            assertTrue(Arrays.equals(e, reader.next()));
        }
        assertEquals(null, reader.next());
    }

    @Test
    void export_rejectsBadMagicAndTruncation() throws IOException {
        assertThrows(IOException.class, () -> new LedgerExport.Reader(
                new ByteArrayInputStream("FLORA-LEDGER-EXPORT-2\n".getBytes())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LedgerExport.Writer(out).write(ledger(1).get(0));
        byte[] truncated = Arrays.copyOf(out.toByteArray(), out.size() - 1);
        LedgerExport.Reader reader = new LedgerExport.Reader(new ByteArrayInputStream(truncated));
        IOException e = assertThrows(IOException.class, reader::next);
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
