package dev.flora.ledger.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flora.ledger.checkpoint.CheckpointException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignedNoteTest {

    private static final NoteSigner SIGNER =
            NoteSigner.fromSeed(KnownAnswerTest.NAME, KnownAnswerTest.RFC8032_SEED);
    private static final String SIG_LINE = KnownAnswerTest.NOTE.substring(
            KnownAnswerTest.NOTE.indexOf('\u2014'));

    @Test
    void parse_thenFormat_returnsTheSameText() {
        SignedNote note = SignedNote.parse(KnownAnswerTest.NOTE);
        assertEquals(KnownAnswerTest.NOTE, note.format());
        assertEquals(1, note.signatures().size());
        assertEquals("c1e79fa0", note.signatures().get(0).keyIdHex());
    }

    @Test
    void bodyMayContainBlankLines_theLastBlankLineSeparatesTheSignatures() {
        String body = "first\n\nsecond\n\n";
        SignedNote note = SIGNER.sign(body);
        SignedNote parsed = SignedNote.parse(note.format());
        assertEquals(body, parsed.body());
        assertEquals(body, parsed.verify(SIGNER.verifier()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        no blank line                | 'a\\nSIG'                 | no blank line between the note text and its signatures
        nothing after blank line     | 'a\\n\\n'                  | no signature lines after the blank line
        signature without newline    | 'a\\n\\nSIGNOLF'           | signature block does not end with a newline
        hyphen instead of em dash    | 'a\\n\\n- n AAAAAAA=\\n'   | signature line 1 does not start with U+2014 EM DASH
        no space after em dash       | 'a\\n\\n\\u2014n AAAAAAA=\\n' | signature line 1 does not start with U+2014 EM DASH
        no space before signature    | 'a\\n\\n\\u2014 nAAAAAAA=\\n' | has no space between key name and signature
        empty key name               | 'a\\n\\n\\u2014  AAAAAAA=\\n' | key name is empty
        plus in key name             | 'a\\n\\n\\u2014 a+b AAAAAAA=\\n' | key names MUST NOT contain spaces or '+'
        no-break space in key name   | 'a\\n\\n\\u2014 a\\u00a0b AAAAAAA=\\n' | contains U+00A0 at offset 1
        signature of 4 bytes         | 'a\\n\\n\\u2014 n AAAAAA==\\n' | at least one signature byte
        signature not base64         | 'a\\n\\n\\u2014 n AA*AAAA=\\n' | is not canonical base64
        trailing space after sig     | 'a\\n\\n\\u2014 n AAAAAAA= \\n' | is not canonical base64
        second line malformed        | 'a\\n\\nSIG- n AAAAAAA=\\n' | signature line 2 does not start
        tab in body                  | 'a\\u0009b\\n\\nSIG'        | forbidden character U+0009 at offset 1
        carriage return in body      | 'a\\r\\n\\nSIG'             | forbidden character U+000D at offset 1
        unpaired surrogate           | 'a\\ud800\\n\\nSIG'         | forbidden character U+D800 at offset 1
        """)
    void parse_rejectsMalformedNotes(String what, String text, String message) {
        String note = CheckpointTest.unescape(text)
                .replace("SIGNOLF", SIG_LINE.stripTrailing()).replace("SIG", SIG_LINE);
        CheckpointException e = assertThrows(CheckpointException.class, () -> SignedNote.parse(note));
        assertEquals(Reason.MALFORMED_NOTE, e.reason());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void parse_rejectsInvalidUtf8Bytes() {
        byte[] bytes = KnownAnswerTest.NOTE.getBytes(StandardCharsets.UTF_8);
        bytes[1] = (byte) 0xC3; // a lead byte followed by an ASCII byte
        CheckpointException e = assertThrows(CheckpointException.class, () -> SignedNote.parse(bytes));
        assertEquals(Reason.MALFORMED_NOTE, e.reason());
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }

    @Test
    void parse_acceptsOneHundredSignatures_andRejectsOneMore() {
        String line = "\u2014 other.example/w AAAAAAA=\n";
        String hundred = "a\n\n" + line.repeat(SignedNote.MAX_SIGNATURES);
        assertEquals(100, SignedNote.parse(hundred).signatures().size());
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> SignedNote.parse(hundred + line));
        assertEquals(Reason.MALFORMED_NOTE, e.reason());
        assertTrue(e.getMessage().contains("too many signatures: more than 100"), e.getMessage());
    }

    @Test
    void constructor_rejectsABodyWithoutFinalNewline_andEmptySignatures() {
        NoteSignature sig = SIGNER.signature("a\n");
        assertThrows(IllegalArgumentException.class, () -> new SignedNote("a", List.of(sig)));
        assertThrows(IllegalArgumentException.class, () -> new SignedNote("", List.of(sig)));
        assertThrows(IllegalArgumentException.class, () -> new SignedNote("a\n", List.of()));
        assertThrows(IllegalArgumentException.class, () -> SIGNER.sign("no newline"));
        List<NoteSignature> tooMany = new ArrayList<>();
        for (int i = 0; i <= SignedNote.MAX_SIGNATURES; i++) {
            tooMany.add(sig);
        }
        assertThrows(IllegalArgumentException.class, () -> new SignedNote("a\n", tooMany));
    }

    @Test
    void verify_ignoresSignaturesByOtherKeys_inAnyPosition() {
        NoteSigner witness = NoteSigner.fromSeed("witness.example/w", new byte[32]);
        String body = "hello\n";
        SignedNote note = witness.sign(body).withSignature(SIGNER.signature(body))
                .withSignature(new NoteSignature("unknown.example", 7, new byte[3]));
        SignedNote parsed = SignedNote.parse(note.format());
        assertEquals(body, parsed.verify(SIGNER.verifier()));
        assertEquals(body, parsed.verify(witness.verifier()));
    }

    @Test
    void verify_withoutASignatureByTheKey_isUnknownKey_andNamesTheSigners() {
        NoteSigner other = NoteSigner.fromSeed(KnownAnswerTest.NAME, new byte[32]);
        SignedNote note = SignedNote.parse(KnownAnswerTest.NOTE);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> note.verify(other.verifier()));
        assertEquals(Reason.UNKNOWN_KEY, e.reason());
        assertTrue(e.getMessage().contains("no signature by flora.example/test+"
                + other.verifier().format().split("\\+")[1]), e.getMessage());
        assertTrue(e.getMessage().contains("[flora.example/test+c1e79fa0]"), e.getMessage());
    }

    @Test
    void verify_aSignatureClaimingTheKeyButMadeByAnother_isBadSignature() {
        NoteSigner other = NoteSigner.fromSeed("x.example", new byte[32]);
        byte[] forged = other.signature("hello\n").signature();
        SignedNote note = new SignedNote("hello\n",
                List.of(new NoteSignature(SIGNER.name(), SIGNER.keyId(), forged)));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> note.verify(SIGNER.verifier()));
        assertEquals(Reason.BAD_SIGNATURE, e.reason());
        assertTrue(e.getMessage().contains("does not verify over the 6-byte note text"),
                e.getMessage());
    }

    @Test
    void verify_oneBadSignatureByTheKey_failsEvenIfAnotherVerifies() {
        NoteSignature good = SIGNER.signature("hello\n");
        NoteSignature bad = new NoteSignature(SIGNER.name(), SIGNER.keyId(), new byte[64]);
        SignedNote note = new SignedNote("hello\n", List.of(good, bad));
        assertEquals(Reason.BAD_SIGNATURE,
                assertThrows(CheckpointException.class, () -> note.verify(SIGNER.verifier()))
                        .reason());
    }
}
