package dev.flora.bench.core;

import dev.flora.ledger.hash.Digest;
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

/** Leaf and node hashes per second on one thread (RFC 9162 SHA-256 hashing). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HashBenchmark {

    private Hasher hasher;
    private byte[] entry;
    private Digest left;
    private Digest right;

    @Setup
    public void setUp() {
        hasher = Hasher.create();
        entry = new byte[300];
        for (int i = 0; i < entry.length; i++) {
            entry[i] = (byte) (i * 31);
        }
        left = hasher.leafHash(new byte[] {1});
        right = hasher.leafHash(new byte[] {2});
    }

    /** One leaf hash of a 300-byte entry, the typical size of a status change. */
    @Benchmark
    public Digest leafHash300Bytes() {
        return hasher.leafHash(entry);
    }

    /** One interior node hash (65 bytes hashed). */
    @Benchmark
    public Digest nodeHash() {
        return hasher.nodeHash(left, right);
    }
}
