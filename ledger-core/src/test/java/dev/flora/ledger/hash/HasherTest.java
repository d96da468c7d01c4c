package dev.flora.ledger.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HasherTest {

    private final Hasher hasher = Hasher.create();

    @Test
    void emptyRoot_isSha256OfTheEmptyString() {
        // RFC 9162 section 2.1.1: MTH({}) = SHA-256(); RFC 6962 test data has the same value.
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                Hasher.emptyRoot().toHex());
    }

    @Test
    void leafHash_ofEmptyLeaf_isSha256OfTheZeroPrefix() {
        // SHA-256(0x00), the RFC 6962 empty-leaf hash.
        assertEquals("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                hasher.leafHash(new byte[0]).toHex());
    }

    @Test
    void leafAndNodeHashes_matchRfc6962TestVectors() {
        // Re-derived from the RFC 6962 reference test data: leaves "" and 0x00 form a tree of
        // size 2 whose root is SHA-256(0x01 || leafHash("") || leafHash(0x00)).
        Digest a = hasher.leafHash(new byte[0]);
        Digest b = hasher.leafHash(new byte[] {0});
        assertEquals("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", b.toHex());
        assertEquals("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                hasher.nodeHash(a, b).toHex());
    }

    @Test
    void leafHash_andNodeHash_areDomainSeparated() {
        Digest a = hasher.leafHash("a".getBytes(StandardCharsets.UTF_8));
        byte[] concatenated = new byte[64];
        a.copyTo(concatenated, 0);
        a.copyTo(concatenated, 32);
        assertNotEquals(hasher.nodeHash(a, a), hasher.leafHash(concatenated));
    }

    @Test
    void digest_rejectsWrongLength_andCopiesDefensively() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Digest.of(new byte[31]));
        assertEquals("wrong digest length 31, want 32", e.getMessage());
        byte[] raw = new byte[32];
        Digest d = Digest.of(raw);
        raw[0] = 1;
        assertEquals(Digest.zero(), d);
        d.toByteArray()[1] = 1;
        assertEquals(Digest.zero(), d);
    }

    @Test
    void digest_hexRoundTrips() {
        Digest d = hasher.leafHash(new byte[] {1, 2, 3});
        assertEquals(d, Digest.ofHex(d.toHex()));
        assertEquals(d, Digest.ofHex(d.toHex().toUpperCase()));
    }
}
