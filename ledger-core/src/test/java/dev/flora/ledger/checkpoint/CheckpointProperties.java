package dev.flora.ledger.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flora.ledger.hash.Digest;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class CheckpointProperties {

    private static final NoteSigner LOG = GoldenCheckpoints.LOG;

    /** Printable text, with some non-ASCII and a surrogate pair now and then. */
    private static Arbitrary<String> line() {
        Arbitrary<String> plain = Arbitraries.strings().withCharRange(' ', '~')
                .withChars('\u00e9', '\u00df', '\u2014', '\u4e2d', '\u00a0').ofMinLength(1).ofMaxLength(30);
        return Arbitraries.oneOf(plain, plain.map(s -> s + "\uD83D\uDE00"));
    }

    @Provide
    Arbitrary<Checkpoint> checkpoints() {
        Arbitrary<Long> sizes = Arbitraries.oneOf(Arbitraries.longs().between(0, 1000),
                Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.just(Long.MAX_VALUE));
        Arbitrary<Digest> roots = Arbitraries.bytes().array(byte[].class).ofSize(32).map(Digest::of);
        Arbitrary<List<String>> extensions = line().list().ofMaxSize(3);
        return Combinators.combine(line(), sizes, roots, extensions).as(Checkpoint::new);
    }

    @Property
    void body_parsesBackToTheSameCheckpoint(@ForAll("checkpoints") Checkpoint cp) {
        assertEquals(cp, Checkpoint.parse(cp.toBody()));
    }

    @Property(tries = 200)
    void signParseVerify_returnsTheSignedCheckpoint(@ForAll("checkpoints") Checkpoint cp) {
        String text = LOG.sign(cp.toBody()).format();
        CheckpointVerifier verifier = new CheckpointVerifier(
                NoteVerifier.parse(LOG.verifierKey()), cp.origin());
        assertEquals(cp, verifier.verify(text));
        assertEquals(text, SignedNote.parse(text).format());
    }

    @Property(tries = 300)
    void anySingleCharacterChangeInTheBody_failsVerification(
            @ForAll("checkpoints") Checkpoint cp, @ForAll double where,
            @ForAll("replacements") char replacement) {
        String text = LOG.sign(cp.toBody()).format();
        int bodyLength = cp.toBody().length();
        int index = (int) Math.min(bodyLength - 1, Math.abs(where) * bodyLength);
        char[] chars = text.toCharArray();
        if (chars[index] == replacement) {
            replacement = replacement == 'a' ? 'b' : 'a';
        }
        chars[index] = replacement;
        String tampered = new String(chars);
        assertNotEquals(text, tampered);
        CheckpointVerifier verifier = new CheckpointVerifier(LOG.verifier(), cp.origin());
        assertThrows(CheckpointException.class, () -> verifier.verify(tampered));
    }

    @Provide
    Arbitrary<Character> replacements() {
        return Arbitraries.chars().range(' ', '~').with('\n', '\u2014', '\u00e9', '\u0000');
    }

    @Property(tries = 100)
    void anySeed_givesAPublicKeyThatVerifiesThroughItsRawEncoding(
            @ForAll @Size(32) byte[] seed) {
        NoteSigner signer = NoteSigner.fromSeed("k.example", seed);
        NoteVerifier decoded = NoteVerifier.parse(signer.verifierKey());
        assertArrayEquals(signer.verifier().publicKey(), decoded.publicKey());
        assertEquals("m\n", signer.sign("m\n").verify(decoded));
        assertEquals(signer.verifierKey(),
                NoteSigner.parsePrivateKey(signer.formatPrivateKey()).verifierKey());
    }
}
