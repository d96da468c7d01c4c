package dev.flora.bench.core;

import dev.flora.ledger.checkpoint.Checkpoint;
import dev.flora.ledger.checkpoint.CheckpointVerifier;
import dev.flora.ledger.checkpoint.NoteSigner;
import dev.flora.ledger.checkpoint.NoteVerifier;
import dev.flora.ledger.hash.Hasher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Signed checkpoints per second on one thread: Ed25519 sign, and parse + verify + check. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CheckpointBenchmark {

    private static final String ORIGIN = "flora.example/ledger";

    private NoteSigner signer;
    private CheckpointVerifier verifier;
    private Checkpoint checkpoint;
    private String note;

    @Setup
    public void setUp() {
        signer = NoteSigner.fromSeed(ORIGIN, new byte[32]);
        verifier = new CheckpointVerifier(NoteVerifier.parse(signer.verifierKey()), ORIGIN);
        checkpoint = Checkpoint.of(ORIGIN, 123_456_789L,
                Hasher.create().leafHash(new byte[] {1, 2, 3}));
        note = signer.sign(checkpoint.toBody()).format();
    }

    /** Formats and signs one checkpoint: what the log does per published tree head. */
    @Benchmark
    public String sign() {
        return signer.sign(checkpoint.toBody()).format();
    }

    /** Parses the note, verifies the Ed25519 signature, parses the body, checks the origin. */
    @Benchmark
    public Checkpoint verify() {
        return verifier.verify(note);
    }
}
