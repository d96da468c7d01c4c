package dev.flora.bench.core;

import dev.flora.ledger.entry.Attributes;
import dev.flora.ledger.entry.Entry;
import dev.flora.ledger.entry.EntryCodec;
import dev.flora.ledger.entry.StatusChange;
import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import dev.flora.ledger.verify.LedgerVerifier;
import dev.flora.ledger.verify.VerificationException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Offline verification throughput on one thread: entries per second through
 * {@link LedgerVerifier} (full validation, or headers only), over a ledger of {@value #ENTRIES}
 * realistic entries of about 350 bytes each, and the encode, validate and decode of one entry.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifyBenchmark {

    static final int ENTRIES = 100_000;

    @Param({"full", "headers"})
    public String mode;

    private byte[][] ledger;
    private Entry sample;
    private byte[] sampleBytes;

    @Setup(Level.Trial)
    public void setUp() {
        ledger = new byte[ENTRIES][];
        Digest previous = Digest.zero();
        Hasher hasher = Hasher.create();
        Instant time = Instant.parse("2026-11-27T08:00:00Z");
        for (int i = 0; i < ENTRIES; i++) {
            Entry entry = new Entry(i, previous, time.plusMillis(i), change(i, time));
            ledger[i] = EntryCodec.encode(entry);
            previous = hasher.leafHash(ledger[i]);
        }
        sampleBytes = ledger[ENTRIES / 2];
        try {
            sample = EntryCodec.decode(sampleBytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A typical decision entry: 354 bytes once encoded (for i below 10^12). */
    static StatusChange change(int i, Instant time) {
        return new StatusChange("c-2026-" + (100_000_000 + i) + "-8f3a9c1e5b7d4f20",
                "decision_issued", "bamf-dresden", time,
                Attributes.builder()
                        .text("outcome", "refugee_protection")
                        .text("legal_basis", "AsylG section 3 paragraph 1 (refugee status)")
                        .text("procedure_track", "regular")
                        .integer("hearing_count", 2)
                        .bool("interpreter_present", true)
                        .build(),
                Optional.of(Digest.of(new byte[32])),
                "3f2b8c1e-6a4d-4e8b-9c2f-" + String.format("%012d", i));
    }

    /** Verifies the whole ledger; the score is entries per second. */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public Digest verifyLedger() throws VerificationException {
        LedgerVerifier verifier = "full".equals(mode) ? LedgerVerifier.create()
                : LedgerVerifier.create().headersOnly();
        for (byte[] entry : ledger) {
            verifier.add(entry);
        }
        verifier.finish();
        return verifier.root();
    }

    /** Encodes one entry. */
    @Benchmark
    public byte[] encodeEntry() {
        return EntryCodec.encode(sample);
    }

    /** Validates one entry without building it (what full verification does per entry). */
    @Benchmark
    public byte[] validateEntry() throws Exception {
        EntryCodec.validate(sampleBytes);
        return sampleBytes;
    }

    /** Decodes one entry. */
    @Benchmark
    public Entry decodeEntry() throws Exception {
        return EntryCodec.decode(sampleBytes);
    }
}
