package dev.flora.ledger.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flora.ledger.checkpoint.CheckpointException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NoteKeyTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        no plus at all        | flora.example/test                                               | is not of the form <name>+<key id>+<base64 key>
        one plus              | flora.example/test+c1e79fa0                                      | is not of the form
        empty name            | +c1e79fa0+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea            | bad name: key name is empty
        space in name         | flora example+c1e79fa0+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea | bad name: key name "flora example" contains U+0020
        short key id          | flora.example/test+c1e79fa+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea | key id "c1e79fa" is not 8 hex digits
        key id mismatch       | flora.example/test+c1e79fa1+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea | key id mismatch for flora.example/test: text says c1e79fa1, name and key give c1e79fa0
        other name same key   | flora.example/other+c1e79fa0+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea | key id mismatch for flora.example/other
        unknown algorithm     | flora.example/test+c1e79fa0+AtdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea | unknown algorithm byte 0x02, want 0x01 (Ed25519)
        key of 31 bytes       | flora.example/test+c1e79fa0+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1E= | wrong key length 31, want 32
        key of 33 bytes       | flora.example/test+c1e79fa0+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1EaAA== | wrong key length 33, want 32
        key not base64        | flora.example/test+c1e79fa0+Adda!AGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea | is not canonical base64
        """)
    void parse_rejectsBadVerifierKeys(String what, String vkey, String message) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> NoteVerifier.parse(vkey));
        assertEquals(Reason.MALFORMED_KEY, e.reason());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void parsePrivateKey_rejectsMissingPrefix_mismatchedId_andPublicKeyText() {
        String good = KnownAnswerTest.PRIVATE_KEY;
        assertEquals(Reason.MALFORMED_KEY, assertThrows(CheckpointException.class,
                () -> NoteSigner.parsePrivateKey(KnownAnswerTest.VKEY)).reason());
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> NoteSigner.parsePrivateKey(good.replace("c1e79fa0", "00000000")));
        assertTrue(e.getMessage().contains("text says 00000000, name and key give c1e79fa0"),
                e.getMessage());
        e = assertThrows(CheckpointException.class,
                () -> NoteSigner.parsePrivateKey(good.replace("+AZ1h", "+Ap1h")));
        assertTrue(e.getMessage().contains("unknown algorithm byte 0x02"), e.getMessage());
    }

    @Test
    void generate_makesDistinctKeys_whosePrivateTextRoundTrips() {
        NoteSigner a = NoteSigner.generate("flora.example/a");
        NoteSigner b = NoteSigner.generate("flora.example/a");
        assertNotEquals(a.verifierKey(), b.verifierKey());
        NoteSigner again = NoteSigner.parsePrivateKey(a.formatPrivateKey());
        assertEquals(a.verifierKey(), again.verifierKey());
        assertEquals(a.verifier(), NoteVerifier.parse(a.verifierKey()));
        assertEquals("hi\n", again.sign("hi\n").verify(a.verifier()));
    }

    @Test
    void toString_showsOnlyThePublicKey() {
        NoteSigner signer = NoteSigner.fromSeed(KnownAnswerTest.NAME, KnownAnswerTest.RFC8032_SEED);
        assertEquals("NoteSigner[" + KnownAnswerTest.VKEY + "]", signer.toString());
    }

    @Test
    void factories_rejectBadNamesAndSeedLengths() {
        assertThrows(IllegalArgumentException.class, () -> NoteSigner.fromSeed("a b", new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> NoteSigner.fromSeed("a+b", new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> NoteSigner.fromSeed("a", new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> NoteVerifier.of("a", new byte[33]));
    }
}
