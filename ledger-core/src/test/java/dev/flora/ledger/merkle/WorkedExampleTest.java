package dev.flora.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import dev.flora.ledger.proof.ConsistencyProof;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The worked example of docs/ledger-format.md section 2.6, so the document cannot drift. */
class WorkedExampleTest {

    private static final String D2 = "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7";
    private static final String D3 = "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7";
    private static final String D4 = "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b";
    private static final String N10 = "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125";
    private static final String N20 = "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7";

    @Test
    void sizeFive_compactRange_tiles_andConsistencyFromThree() throws Exception {
        Hasher hasher = Hasher.create();
        List<Digest> leaves = Stream.of("", "00", "10", "2021", "3031")
                .map(hex -> hasher.leafHash(HexFormat.of().parseHex(hex))).toList();
        assertEquals(D2, leaves.get(2).toHex());
        assertEquals(D3, leaves.get(3).toHex());
        InMemoryTiles tiles = new InMemoryTiles();
        CompactRange range = CompactRange.empty();
        TileWriter writer = new TileWriter();
        leaves.subList(0, 2).forEach(leaf -> range.append(leaf, writer));
        assertEquals("[TileAppend[tile(0, 0), offset=0, count=2]]", writer.drain().toString());
        leaves.subList(2, 5).forEach(leaf -> range.append(leaf, writer));
        List<TileAppend> second = writer.drain();
        assertEquals("[TileAppend[tile(0, 0), offset=2, count=3]]", second.toString());
        assertEquals("0000000000000005" + N20 + D4, HexFormat.of().formatHex(range.toBytes()));

        tiles.apply(new TileAppend(new TileId(0, 0), 0, concat(leaves.subList(0, 2))));
        tiles.apply(second);
        ProofBuilder builder = new ProofBuilder(tiles);
        List<Digest> proof = builder.consistencyProof(3, 5);
        assertEquals(List.of(D2, D3, N10, D4), proof.stream().map(Digest::toHex).toList());
        assertEquals("aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                builder.root(3).toHex());
        ConsistencyProof.verify(3, 5, proof, builder.root(3), range.root());
    }

    private static byte[] concat(List<Digest> hashes) {
        byte[] out = new byte[hashes.size() * Digest.LENGTH];
        for (int i = 0; i < hashes.size(); i++) {
            hashes.get(i).copyTo(out, i * Digest.LENGTH);
        }
        return out;
    }
}
