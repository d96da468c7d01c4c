package dev.flora.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import dev.flora.ledger.proof.ConsistencyProof;
import dev.flora.ledger.proof.InclusionProof;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The RFC 6962 reference data set (eight leaves), re-derived here: its roots and some of its
 * proofs as constants, checked against the reference tree, the compact range, the tile-based
 * proof builder and the verifiers.
 */
class Rfc6962KnownAnswersTest {

    private static final String[] LEAF_DATA = {"", "00", "10", "2021", "3031", "40414243",
        "5051525354555657", "606162636465666768696a6b6c6d6e6f"};

    /** ROOTS[n - 1] is the root of the first n leaves. */
    private static final String[] ROOTS = {
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    private static final String H01 = "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125";
    private static final String L1 = "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7";
    private static final String L0 = "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d";
    private static final String L4 = "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b";
    private static final String H23 = "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e";
    private static final String H4567 = "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4";
    private static final String H67 = "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0";
    private static final String H0123 = ROOTS[3];
    private static final String H45 = "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a";

    private final List<Digest> leaves = leafHashes();
    private final ReferenceTree reference = new ReferenceTree(leaves);
    private final InMemoryTiles tiles = new InMemoryTiles();
    private final CompactRange range = TestTrees.appendInBatches(leaves, tiles, new Random(1));
    private final ProofBuilder builder = new ProofBuilder(tiles);

    @Test
    void roots_ofEveryPrefix_matchTheKnownAnswers() {
        CompactRange growing = CompactRange.empty();
        for (int n = 1; n <= 8; n++) {
            growing.append(leaves.get(n - 1), NodeVisitor.NONE);
            assertEquals(ROOTS[n - 1], reference.root(n).toHex(), "reference, size " + n);
            assertEquals(ROOTS[n - 1], growing.root().toHex(), "compact range, size " + n);
            assertEquals(ROOTS[n - 1], builder.root(n).toHex(), "proof builder, size " + n);
        }
        assertEquals(ROOTS[7], range.root().toHex());
    }

    @Test
    void inclusionProofs_matchTheKnownAnswers_andVerify() throws Exception {
        checkInclusion(0, 1);
        checkInclusion(0, 8, L1, H23, H4567);
        checkInclusion(5, 8, L4, H67, H0123);
        checkInclusion(2, 3, H01);
        checkInclusion(1, 5, L0, H23, L4);
    }

    @Test
    void consistencyProofs_matchTheKnownAnswers_andVerify() throws Exception {
        checkConsistency(1, 1);
        checkConsistency(1, 8, L1, H23, H4567);
        checkConsistency(6, 8, H45, H67, H0123);
        checkConsistency(2, 5, H23, L4);
    }

    private void checkInclusion(long index, long size, String... proof) throws Exception {
        List<Digest> expected = digests(proof);
        assertEquals(expected, reference.inclusionProof(index, size), "reference");
        assertEquals(expected, builder.inclusionProof(index, size), "proof builder");
        InclusionProof.verify(index, size, leaves.get((int) index), expected,
                Digest.ofHex(ROOTS[(int) size - 1]));
    }

    private void checkConsistency(long size1, long size2, String... proof) throws Exception {
        List<Digest> expected = digests(proof);
        assertEquals(expected, reference.consistencyProof(size1, size2), "reference");
        assertEquals(expected, builder.consistencyProof(size1, size2), "proof builder");
        ConsistencyProof.verify(size1, size2, expected, Digest.ofHex(ROOTS[(int) size1 - 1]),
                Digest.ofHex(ROOTS[(int) size2 - 1]));
    }

    private static List<Digest> digests(String... hex) {
        List<Digest> result = new ArrayList<>();
        for (String h : hex) {
            result.add(Digest.ofHex(h));
        }
        return result;
    }

    private static List<Digest> leafHashes() {
        Hasher hasher = Hasher.create();
        List<Digest> result = new ArrayList<>();
        for (String data : LEAF_DATA) {
            result.add(hasher.leafHash(HexFormat.of().parseHex(data)));
        }
        return result;
    }
}
