package dev.flora.ledger.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flora.ledger.hash.Digest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Byte-for-byte vectors derived outside this code base (RFC 8032 and OpenSSL 3.0), so that a
 * mistake in the JDK key mapping or the note encoding cannot agree with itself.
 */
class KnownAnswerTest {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 8032 section 7.1 TEST 1. */
    static final byte[] RFC8032_SEED =
            HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    static final String RFC8032_PUBLIC =
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    static final String RFC8032_EMPTY_MESSAGE_SIGNATURE =
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39"
            + "701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    static final String NAME = "flora.example/test";

    /*
     * Derived with OpenSSL 3.0.19 and coreutils, independently of this code:
     *   SEED=9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60
     *   echo "302e020100300506032b657004220420$SEED" | xxd -r -p > key.der   # PKCS#8 wrapper
     *   openssl pkey -inform DER -in key.der -out key.pem
     *   PUB=$(openssl pkey -in key.pem -pubout -outform DER | tail -c 32 | xxd -p -c 64)
     *   { printf 'flora.example/test\n'; printf '\001'; echo $PUB | xxd -r -p; } | sha256sum
     *     -> c1e79fa0... (key id = first 8 hex digits)
     *   ROOT=$(echo fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125 | xxd -r -p | base64)
     *     (the RFC 6962 root of the 2-leaf tree with leaves "" and 0x00, see HasherTest)
     *   printf 'flora.example/test\n2\n%s\n' "$ROOT" > body.txt
     *   openssl pkeyutl -sign -inkey key.pem -rawin -in body.txt > sig.bin
     *   { echo c1e79fa0 | xxd -r -p; cat sig.bin; } | base64 -w0
     */
    static final String ROOT_HEX = "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125";
    static final String KEY_ID_HEX = "c1e79fa0";
    static final String VKEY =
            "flora.example/test+c1e79fa0+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea";
    static final String PRIVATE_KEY =
            "PRIVATE+KEY+flora.example/test+c1e79fa0+AZ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g";
    static final String NOTE = "flora.example/test\n"
            + "2\n"
            + "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=\n"
            + "\n"
            + "\u2014 flora.example/test weefoGYzReqBCqCyS7K6qpqsBON9/smT7irbqzKnsomITPD+xTojtX/SGW3"
            + "+MDTgaMcH+5wsaqh1kGRbD0F+JzOcEwY=\n";

    @Test
    void rfc8032Test1_seedGivesThePublishedPublicKeyAndEmptyMessageSignature() {
        Ed25519.Keys keys = Ed25519.fromSeed(RFC8032_SEED);
        assertEquals(RFC8032_PUBLIC, HEX.formatHex(keys.publicKey()));
        assertEquals(RFC8032_EMPTY_MESSAGE_SIGNATURE,
                HEX.formatHex(Ed25519.sign(keys.privateKey(), new byte[0])));
    }

    @Test
    void rfc8032Test1_publishedSignatureVerifiesUnderTheDecodedRawPublicKey() throws Exception {
        var key = Ed25519.publicKey(HEX.parseHex(RFC8032_PUBLIC));
        assertTrue(Ed25519.verify(key, new byte[0], HEX.parseHex(RFC8032_EMPTY_MESSAGE_SIGNATURE)));
    }

    @Test
    void publicKeyWithOddX_roundTripsThroughTheJdkPoint() throws Exception {
        // seed 00..04: OpenSSL gives a public key whose last byte 0x9b has the x sign bit set,
        // and signs "flora" as below (openssl pkeyutl -sign -rawin).
        byte[] seed = HEX.parseHex("00".repeat(31) + "04");
        String pub = "fd50b8e3b144ea244fbf7737f550bc8dd0c2650bbc1aada833ca17ff8dbf329b";
        String sig = "f4519d8fa4d9d911fdc8523ef5a9b2d2031da4cfeb9a263681696c1afc1167f46e259ae95e9bdef7"
                + "534010694969c2c83d06d256582b7752efa87afc4f9c0e0f";
        Ed25519.Keys keys = Ed25519.fromSeed(seed);
        byte[] message = "flora".getBytes(StandardCharsets.UTF_8);
        assertEquals(pub, HEX.formatHex(keys.publicKey()));
        assertEquals(sig, HEX.formatHex(Ed25519.sign(keys.privateKey(), message)));
        assertTrue(Ed25519.verify(Ed25519.publicKey(HEX.parseHex(pub)), message, HEX.parseHex(sig)));
    }

    @Test
    void signedCheckpoint_matchesTheOpensslDerivedNoteByteForByte() {
        NoteSigner signer = NoteSigner.fromSeed(NAME, RFC8032_SEED);
        Checkpoint cp = Checkpoint.of(NAME, 2, Digest.ofHex(ROOT_HEX));
        assertEquals(NOTE, signer.sign(cp.toBody()).format());
    }

    @Test
    void keyTexts_matchTheOpensslAndSha256sumDerivedValues() {
        NoteSigner signer = NoteSigner.fromSeed(NAME, RFC8032_SEED);
        assertEquals(KEY_ID_HEX, NoteText.keyIdHex(signer.keyId()));
        assertEquals(VKEY, signer.verifierKey());
        assertEquals(PRIVATE_KEY, signer.formatPrivateKey());
        assertArrayEquals(HEX.parseHex(RFC8032_PUBLIC), NoteVerifier.parse(VKEY).publicKey());
        assertEquals(VKEY, NoteSigner.parsePrivateKey(PRIVATE_KEY).verifierKey());
    }

    @Test
    void opensslNote_verifiesAndParsesToTheCheckpoint() {
        CheckpointVerifier verifier = new CheckpointVerifier(NoteVerifier.parse(VKEY), NAME);
        Checkpoint cp = verifier.verify(NOTE);
        assertEquals(Checkpoint.of(NAME, 2, Digest.ofHex(ROOT_HEX)), cp);
        assertEquals(cp, verifier.verify(NOTE.getBytes(StandardCharsets.UTF_8)));
    }
}
