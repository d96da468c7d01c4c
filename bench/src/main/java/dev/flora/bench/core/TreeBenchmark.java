package dev.flora.bench.core;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import dev.flora.ledger.merkle.CompactRange;
import dev.flora.ledger.merkle.InMemoryTiles;
import dev.flora.ledger.merkle.NodeVisitor;
import dev.flora.ledger.merkle.ProofBuilder;
import dev.flora.ledger.merkle.TileAppend;
import dev.flora.ledger.merkle.TileWriter;
import dev.flora.ledger.proof.ConsistencyProof;
import dev.flora.ledger.proof.InclusionProof;
import dev.flora.ledger.proof.ProofVerificationException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Merkle tree throughput on one thread: leaves appended to a compact range (with and without
 * collecting tile appends), and inclusion / consistency proofs generated from in-memory tiles of
 * a 1M-leaf tree and verified.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TreeBenchmark {

    private static final int TREE_SIZE = 1 << 20;
    private static final int SAMPLES = 1024;

    /** The 1M-leaf tree, built once per fork (about 2M hashes). */
    @State(Scope.Benchmark)
    public static class Tree {
        final InMemoryTiles tiles = new InMemoryTiles();
        Digest[] leaves;

        @Setup(Level.Trial)
        public void build() {
            leaves = leaves(TREE_SIZE);
            CompactRange range = CompactRange.empty();
            TileWriter writer = new TileWriter();
            for (int i = 0; i < TREE_SIZE; i++) {
                range.append(leaves[i], writer);
                if (i % 256 == 255) {
                    tiles.apply(writer.drain());
                }
            }
            tiles.apply(writer.drain());
        }
    }

    private final Random random = new Random(1);
    private Digest[] appendLeaves;
    private CompactRange range;
    private TileWriter writer;
    private ProofBuilder builder;
    private long[][] inclusionCases;
    private long[][] consistencyCases;
    private List<Digest>[] inclusionProofs;
    private List<Digest>[] consistencyProofs;
    private Digest[] roots1;
    private Digest fullRoot;
    private Digest[] treeLeaves;
    private int next;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp(Tree tree) {
        appendLeaves = leaves(SAMPLES);
        range = CompactRange.empty();
        writer = new TileWriter();
        builder = new ProofBuilder(tree.tiles);
        treeLeaves = tree.leaves;
        fullRoot = builder.root(TREE_SIZE);
        inclusionCases = new long[SAMPLES][];
        consistencyCases = new long[SAMPLES][];
        inclusionProofs = new List[SAMPLES];
        consistencyProofs = new List[SAMPLES];
        roots1 = new Digest[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long index = random.nextInt(TREE_SIZE);
            long size1 = 1 + random.nextInt(TREE_SIZE - 1);
            inclusionCases[i] = new long[] {index, TREE_SIZE};
            consistencyCases[i] = new long[] {size1, TREE_SIZE};
            inclusionProofs[i] = builder.inclusionProof(index, TREE_SIZE);
            consistencyProofs[i] = builder.consistencyProof(size1, TREE_SIZE);
            roots1[i] = builder.root(size1);
        }
    }

    /** One leaf appended to a compact range, nothing stored. */
    @Benchmark
    public CompactRange appendToCompactRange() {
        range.append(appendLeaves[next++ & (SAMPLES - 1)], NodeVisitor.NONE);
        return range;
    }

    /** One leaf appended, its tile changes collected and drained every 100 leaves. */
    @Benchmark
    public List<TileAppend> appendWithTileWriter() {
        range.append(appendLeaves[next++ & (SAMPLES - 1)], writer);
        return next % 100 == 0 ? writer.drain() : null;
    }

    /** Inclusion proof of a random leaf in the 1M tree, from tiles (one read). */
    @Benchmark
    public List<Digest> generateInclusionProof() {
        long[] c = inclusionCases[next++ & (SAMPLES - 1)];
        return builder.inclusionProof(c[0], c[1]);
    }

    /** Consistency proof from a random size to 1M, from tiles (one read). */
    @Benchmark
    public List<Digest> generateConsistencyProof() {
        long[] c = consistencyCases[next++ & (SAMPLES - 1)];
        return builder.consistencyProof(c[0], c[1]);
    }

    @Benchmark
    public long[] verifyInclusionProof() throws ProofVerificationException {
        int i = next++ & (SAMPLES - 1);
        long[] c = inclusionCases[i];
        InclusionProof.verify(c[0], c[1], treeLeaves[(int) c[0]], inclusionProofs[i], fullRoot);
        return c;
    }

    @Benchmark
    public long[] verifyConsistencyProof() throws ProofVerificationException {
        int i = next++ & (SAMPLES - 1);
        long[] c = consistencyCases[i];
        ConsistencyProof.verify(c[0], c[1], consistencyProofs[i], roots1[i], fullRoot);
        return c;
    }

    private static Digest[] leaves(int n) {
        Hasher hasher = Hasher.create();
        Digest[] leaves = new Digest[n];
        for (int i = 0; i < n; i++) {
            leaves[i] = hasher.leafHash(ByteBuffer.allocate(8).putLong(i).array());
        }
        return leaves;
    }
}
