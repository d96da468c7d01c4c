package dev.flora.ledger.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.testing.ForAll;
import dev.flora.ledger.testing.Gen;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CheckpointProperties {

    private static final NoteSigner LOG = GoldenCheckpoints.LOG;
    private static final String SPECIAL_CHARS = "\u00e9\u00df\u2014\u4e2d\u00a0";
    private static final String SPECIAL_REPLACEMENTS = "\n\u2014\u00e9\u0000";

    /** 1..30 printable characters, some non-ASCII; half of them end in a surrogate pair. */
    static String arbitraryLine(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        for (int i = Gen.intBetween(r, 1, 30); i > 0; i--) {
            sb.append(Gen.oneIn(r, 6) ? SPECIAL_CHARS.charAt(r.nextInt(SPECIAL_CHARS.length()))
                    : (char) Gen.intBetween(r, ' ', '~'));
        }
        return r.nextBoolean() ? sb.toString() : sb + "\uD83D\uDE00";
    }

    /** Sizes are small, any, or the largest; extensions are 0..3 lines. */
    static Checkpoint arbitraryCheckpoint(SplittableRandom r) {
        String origin = arbitraryLine(r);
        long size = switch (r.nextInt(3)) {
            case 0 -> Gen.longBetween(r, 0, 1000);
            case 1 -> Gen.longBetween(r, 0, Long.MAX_VALUE);
            default -> Long.MAX_VALUE;
        };
        Digest root = Digest.of(Gen.bytes(r, 32));
        List<String> extensions = new ArrayList<>();
        for (int i = Gen.intBetween(r, 0, 3); i > 0; i--) {
            extensions.add(arbitraryLine(r));
        }
        return new Checkpoint(origin, size, root, extensions);
    }

    @Test
    void body_parsesBackToTheSameCheckpoint() {
        ForAll.check("body_parsesBackToTheSameCheckpoint", 1000,
                CheckpointProperties::arbitraryCheckpoint,
                cp -> assertEquals(cp, Checkpoint.parse(cp.toBody())));
    }

    @Test
    void signParseVerify_returnsTheSignedCheckpoint() {
        ForAll.check("signParseVerify_returnsTheSignedCheckpoint", 200,
                CheckpointProperties::arbitraryCheckpoint, cp -> {
                    String text = LOG.sign(cp.toBody()).format();
                    CheckpointVerifier verifier = new CheckpointVerifier(
                            NoteVerifier.parse(LOG.verifierKey()), cp.origin());
                    assertEquals(cp, verifier.verify(text));
                    assertEquals(text, SignedNote.parse(text).format());
                });
    }

    /** A checkpoint and one character of its body to replace, with what. */
    record BodyChange(Checkpoint checkpoint, int index, char replacement) {
    }

    /** Any body position (the first and last often); printable, newline, NUL, non-ASCII. */
    static BodyChange arbitraryBodyChange(SplittableRandom r) {
        Checkpoint cp = arbitraryCheckpoint(r);
        int index = Gen.intBetween(r, 0, cp.toBody().length() - 1);
        char replacement = Gen.oneIn(r, 4)
                ? SPECIAL_REPLACEMENTS.charAt(r.nextInt(SPECIAL_REPLACEMENTS.length()))
                : (char) Gen.intBetween(r, ' ', '~');
        return new BodyChange(cp, index, replacement);
    }

    @Test
    void anySingleCharacterChangeInTheBody_failsVerification() {
        ForAll.check("anySingleCharacterChangeInTheBody_failsVerification", 300,
                CheckpointProperties::arbitraryBodyChange, change -> {
                    Checkpoint cp = change.checkpoint();
                    String text = LOG.sign(cp.toBody()).format();
                    char[] chars = text.toCharArray();
                    char replacement = change.replacement();
                    if (chars[change.index()] == replacement) {
                        replacement = replacement == 'a' ? 'b' : 'a';
                    }
                    chars[change.index()] = replacement;
                    String tampered = new String(chars);
                    assertNotEquals(text, tampered);
                    CheckpointVerifier verifier =
                            new CheckpointVerifier(LOG.verifier(), cp.origin());
                    assertThrows(CheckpointException.class, () -> verifier.verify(tampered));
                });
    }

    /** Random 32 bytes; now and then every byte the same edge value. */
    static byte[] arbitrarySeed(SplittableRandom r) {
        if (Gen.oneIn(r, 10)) {
            byte[] filled = new byte[32];
            Arrays.fill(filled, Gen.anyByte(r));
            return filled;
        }
        return Gen.bytes(r, 32);
    }

    @Test
    void anySeed_givesAPublicKeyThatVerifiesThroughItsRawEncoding() {
        ForAll.check("anySeed_givesAPublicKeyThatVerifiesThroughItsRawEncoding", 100,
                r -> HexFormat.of().formatHex(arbitrarySeed(r)), hex -> {
                    NoteSigner signer =
                            NoteSigner.fromSeed("k.example", HexFormat.of().parseHex(hex));
                    NoteVerifier decoded = NoteVerifier.parse(signer.verifierKey());
                    assertArrayEquals(signer.verifier().publicKey(), decoded.publicKey());
                    assertEquals("m\n", signer.sign("m\n").verify(decoded));
                    assertEquals(signer.verifierKey(),
                            NoteSigner.parsePrivateKey(signer.formatPrivateKey()).verifierKey());
                });
    }
}
