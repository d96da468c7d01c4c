package dev.flora.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import dev.flora.ledger.merkle.TestTrees.TreeCase;
import dev.flora.ledger.testing.ForAll;
import dev.flora.ledger.testing.Gen;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CompactRangeTest {

    @Test
    void toBytes_fromBytes_roundTrips_andTheCopyKeepsGrowingTheSameTree() {
        ForAll.check("toBytes_fromBytes_roundTrips_andTheCopyKeepsGrowingTheSameTree", 50,
                r -> TestTrees.arbitraryTree(r, 0, 1500), CompactRangeTest::assertRoundTrip);
    }

    private static void assertRoundTrip(TreeCase tree) {
        int n = tree.size();
        List<Digest> leaves = TestTrees.leaves(n + 10, tree.seed());
        CompactRange range = CompactRange.empty();
        leaves.subList(0, n).forEach(leaf -> range.append(leaf, NodeVisitor.NONE));
        byte[] bytes = range.toBytes();
        assertEquals(8 + 32 * Long.bitCount(n), bytes.length);
        CompactRange copy = CompactRange.fromBytes(bytes);
        assertEquals(n, copy.size());
        assertEquals(range.hashes(), copy.hashes());
        assertArrayEquals(bytes, copy.toBytes());
        for (Digest leaf : leaves.subList(n, n + 10)) {
            range.append(leaf, NodeVisitor.NONE);
            copy.append(leaf, NodeVisitor.NONE);
            assertEquals(range.root(), copy.root());
        }
    }

    @Test
    void copy_growsLikeTheOriginal_andAppendsToOneLeaveTheOtherAsItWas() {
        ForAll.check("copy_growsLikeTheOriginal", 50, r -> TestTrees.arbitraryTree(r, 0, 600),
                tree -> {
                    int n = tree.size();
                    List<Digest> leaves = TestTrees.leaves(n + 5, tree.seed());
                    CompactRange range = CompactRange.empty();
                    leaves.subList(0, n).forEach(leaf -> range.append(leaf, NodeVisitor.NONE));
                    Digest root = range.root();
                    CompactRange copy = range.copy();
                    leaves.subList(n, n + 5).forEach(leaf -> copy.append(leaf, NodeVisitor.NONE));
                    assertEquals(n, range.size());
                    assertEquals(root, range.root());
                    leaves.subList(n, n + 5).forEach(leaf -> range.append(leaf, NodeVisitor.NONE));
                    assertEquals(range.root(), copy.root());
                    assertEquals(range.hashes(), copy.hashes());
                });
    }

    @Test
    void fromBytes_rejectsEveryWrongLength() {
        ForAll.check("fromBytes_rejectsEveryWrongLength", 50,
                CompactRangeTest::arbitraryWrongLength, wrong -> {
                    CompactRange range = CompactRange.empty();
                    TestTrees.leaves(wrong.size(), wrong.size())
                            .forEach(leaf -> range.append(leaf, NodeVisitor.NONE));
                    byte[] bytes = range.toBytes();
                    byte[] damaged =
                            Arrays.copyOf(bytes, Math.max(0, bytes.length + wrong.delta()));
                    assertThrows(IllegalArgumentException.class,
                            () -> CompactRange.fromBytes(damaged));
                });
    }

    /** A range of {@code size} leaves whose serialization is {@code delta} bytes too long. */
    record WrongLength(int size, int delta) {
    }

    /** Size 1..5000, delta -40..40 but never 0 (so no try is skipped), small more often. */
    static WrongLength arbitraryWrongLength(SplittableRandom r) {
        int magnitude = Gen.intBetween(r, 1, 40);
        return new WrongLength(Gen.treeSize(r, 1, 5000), r.nextBoolean() ? magnitude : -magnitude);
    }

    @Test
    void fromBytes_namesWhatIsWrong() {
        assertEquals("compact range too short: 7 bytes, need at least 8",
                reject(new byte[7]));
        assertEquals("compact range size -1 is negative",
                reject(ByteBuffer.allocate(8).putLong(-1).array()));
        // Size 5 (binary 101) has two perfect subtrees, so two hashes.
        assertEquals("compact range of size 5 has 32 hash bytes, want 64 (2 hashes of 32 bytes)",
                reject(ByteBuffer.allocate(40).putLong(5).array()));
        assertEquals("compact range of size 0 has 32 hash bytes, want 0 (0 hashes of 32 bytes)",
                reject(new byte[40]));
        assertEquals("compact range bytes are null", reject(null));
    }

    @Test
    void emptyRange_serializesAsEightZeroBytes_andHasTheEmptyRoot() {
        CompactRange empty = CompactRange.fromBytes(new byte[8]);
        assertEquals(0, empty.size());
        assertEquals(Hasher.emptyRoot(), empty.root());
        assertArrayEquals(new byte[8], CompactRange.empty().toBytes());
    }

    @Test
    void sizeThree_serializesAsSizeThenTheTwoSubtreeRoots() {
        Hasher hasher = Hasher.create();
        List<Digest> leaves = TestTrees.leaves(3, 1);
        CompactRange range = CompactRange.empty();
        leaves.forEach(leaf -> range.append(leaf, NodeVisitor.NONE));
        ByteBuffer want = ByteBuffer.allocate(72).putLong(3);
        hasher.nodeHash(leaves.get(0), leaves.get(1)).copyTo(want.array(), 8);
        leaves.get(2).copyTo(want.array(), 40);
        assertArrayEquals(want.array(), range.toBytes());
    }

    private static String reject(byte[] bytes) {
        return assertThrows(IllegalArgumentException.class, () -> CompactRange.fromBytes(bytes))
                .getMessage();
    }
}
