package dev.flora.ledger.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A signed note (C2SP signed-note): a text (the body) ending in a newline, a blank line, and
 * one or more signature lines {@code "— <key name> <base64(key id || signature)>\n"}.
 *
 * <p>The body is signed as its exact UTF-8 bytes, final newline included, separating blank line
 * excluded. The whole note MUST be valid UTF-8 and MUST NOT contain ASCII control characters
 * other than newline. The body MAY contain blank lines: the last blank line separates it from
 * the signatures. At most {@link #MAX_SIGNATURES} signature lines are accepted (the spec asks
 * verifiers to accept at least 16 and to bound the number).
 *
 * @param body the signed text, ending in a newline
 * @param signatures the signature lines in order, at least one, at most {@link #MAX_SIGNATURES}
 */
public record SignedNote(String body, List<NoteSignature> signatures) {

    /** Upper bound on signature lines, to bound the work an untrusted note can cause. */
    public static final int MAX_SIGNATURES = 100;

    public SignedNote {
        checkBody(body);
        if (signatures == null || signatures.isEmpty()) {
            throw new IllegalArgumentException("a signed note needs at least one signature");
        }
        if (signatures.size() > MAX_SIGNATURES) {
            throw new IllegalArgumentException("too many signatures " + signatures.size()
                    + ", max " + MAX_SIGNATURES);
        }
        signatures = List.copyOf(signatures);
    }

    /** Checks that {@code body} can be the text of a signed note. */
    static void checkBody(String body) {
        if (body == null || body.isEmpty() || !body.endsWith("\n")) {
            throw new IllegalArgumentException("note body MUST end with a newline, got "
                    + (body == null ? "null" : "\"" + body + "\""));
        }
        int bad = NoteText.firstForbiddenChar(body);
        if (bad >= 0) {
            throw new IllegalArgumentException("note body has a forbidden character "
                    + NoteText.describeChar(body, bad));
        }
    }

    /** Parses the UTF-8 bytes of a note; invalid UTF-8 is {@code MALFORMED_NOTE}. */
    public static SignedNote parse(byte[] utf8) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw CheckpointException.malformedNote("note is not valid UTF-8: " + e.getMessage());
        }
        return parse(text);
    }

    /**
     * Parses a note. Every format defect is a {@link CheckpointException.Reason#MALFORMED_NOTE}
     * whose message says where. Parsing does not verify anything: see {@link #verify}.
     */
    public static SignedNote parse(String text) {
        int bad = NoteText.firstForbiddenChar(text);
        if (bad >= 0) {
            throw CheckpointException.malformedNote("note has a forbidden character "
                    + NoteText.describeChar(text, bad) + " (only newline may be a control)");
        }
        int split = text.lastIndexOf("\n\n");
        if (split < 0) {
            throw CheckpointException.malformedNote(
                    "no blank line between the note text and its signatures");
        }
        String body = text.substring(0, split + 1);
        String block = text.substring(split + 2);
        if (block.isEmpty()) {
            throw CheckpointException.malformedNote("no signature lines after the blank line");
        }
        if (!block.endsWith("\n")) {
            throw CheckpointException.malformedNote("signature block does not end with a newline");
        }
        return new SignedNote(body, parseSignatureLines(block));
    }

    private static List<NoteSignature> parseSignatureLines(String block) {
        List<NoteSignature> sigs = new ArrayList<>();
        int start = 0;
        while (start < block.length()) {
            int end = block.indexOf('\n', start);
            if (sigs.size() == MAX_SIGNATURES) {
                throw CheckpointException.malformedNote("too many signatures: more than "
                        + MAX_SIGNATURES);
            }
            sigs.add(NoteSignature.parseLine(block.substring(start, end), sigs.size() + 1));
            start = end + 1;
        }
        return sigs;
    }

    /** The note text: body, a blank line, then each signature line. */
    public String format() {
        StringBuilder text = new StringBuilder(body).append('\n');
        signatures.forEach(s -> text.append(s.toLine()));
        return text.toString();
    }

    /**
     * Verifies the note against one trusted key and returns the body, which a caller MUST NOT
     * use unless this returns.
     *
     * <p>Signatures by other keys (a different name or key id) are ignored, as the spec requires.
     * If none is by {@code verifier}: {@code UNKNOWN_KEY}. If any signature by it fails to
     * verify (wrong length, wrong bytes): {@code BAD_SIGNATURE}, even if another one verifies,
     * because a key that signed two different things over one body is a sign of trouble.
     */
    public String verify(NoteVerifier verifier) {
        boolean found = false;
        for (NoteSignature sig : signatures) {
            if (!verifier.matches(sig)) {
                continue;
            }
            found = true;
            byte[] bytes = sig.signature();
            if (bytes.length != Ed25519.SIGNATURE_LENGTH) {
                throw badSignature(sig, "has wrong length " + bytes.length + ", want 64");
            }
            if (!verifier.verify(body, bytes)) {
                throw badSignature(sig, "does not verify over the "
                        + body.getBytes(StandardCharsets.UTF_8).length + "-byte note text");
            }
        }
        if (!found) {
            throw new CheckpointException(CheckpointException.Reason.UNKNOWN_KEY,
                    "no signature by " + verifier.name() + "+" + NoteText.keyIdHex(verifier.keyId())
                    + "; the note is signed by " + signers());
        }
        return body;
    }

    private static CheckpointException badSignature(NoteSignature sig, String problem) {
        return new CheckpointException(CheckpointException.Reason.BAD_SIGNATURE,
                "signature by " + sig.name() + "+" + sig.keyIdHex() + " " + problem);
    }

    private String signers() {
        return signatures.stream().map(s -> s.name() + "+" + s.keyIdHex())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** A copy of this note with one more signature, for cosigning. */
    public SignedNote withSignature(NoteSignature signature) {
        List<NoteSignature> all = new ArrayList<>(signatures);
        all.add(signature);
        return new SignedNote(body, all);
    }
}
