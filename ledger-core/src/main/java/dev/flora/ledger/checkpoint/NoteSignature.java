package dev.flora.ledger.checkpoint;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * One signature line of a signed note: {@code "— " name " " base64(keyId || signature) "\n"}.
 *
 * <p>{@code keyId} is the unsigned 32-bit key id held in an {@code int} (big-endian on the
 * wire); {@code signature} is everything after the 4 id bytes: 64 bytes for Ed25519, any
 * non-empty length for algorithms this package does not know (such lines are kept, not checked).
 *
 * @param name the key name, non-empty, without Unicode spaces or '+'
 * @param keyId the key id as an unsigned 32-bit value
 * @param signature the signature bytes after the key id (copied in and out)
 */
public record NoteSignature(String name, int keyId, byte[] signature) {

    /** Prefix of every signature line: U+2014 EM DASH and a space. */
    public static final String LINE_PREFIX = "\u2014 ";

    public NoteSignature {
        String problem = NoteText.keyNameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (signature == null || signature.length == 0) {
            throw new IllegalArgumentException("signature by " + name + " is empty");
        }
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The key id as 8 lower-case hex digits. */
    public String keyIdHex() {
        return NoteText.keyIdHex(keyId);
    }

    /** The signature line including the final newline. */
    public String toLine() {
        byte[] blob = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
        return LINE_PREFIX + name + " " + Base64.getEncoder().encodeToString(blob) + "\n";
    }

    /**
     * Parses one signature line without its final newline. Throws MALFORMED_NOTE naming the
     * 1-based line number within the signature block.
     */
    static NoteSignature parseLine(String line, int lineNumber) {
        if (!line.startsWith(LINE_PREFIX)) {
            throw CheckpointException.malformedNote("signature line " + lineNumber
                    + " does not start with U+2014 EM DASH and a space: \"" + line + "\"");
        }
        String rest = line.substring(LINE_PREFIX.length());
        int space = rest.indexOf(' ');
        if (space < 0) {
            throw CheckpointException.malformedNote("signature line " + lineNumber
                    + " has no space between key name and signature: \"" + line + "\"");
        }
        String name = rest.substring(0, space);
        String problem = NoteText.keyNameProblem(name);
        if (problem != null) {
            throw CheckpointException.malformedNote("signature line " + lineNumber + ": " + problem);
        }
        byte[] blob = NoteText.decodeCanonicalBase64(rest.substring(space + 1));
        if (blob == null || blob.length < 5) {
            throw CheckpointException.malformedNote("signature line " + lineNumber + " by " + name
                    + ": signature is not canonical base64 of a 4-byte key id and at least one"
                    + " signature byte: \"" + rest.substring(space + 1) + "\"");
        }
        int keyId = ByteBuffer.wrap(blob).getInt();
        return new NoteSignature(name, keyId, Arrays.copyOfRange(blob, 4, blob.length));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoteSignature s && name.equals(s.name) && keyId == s.keyId
                && MessageDigest.isEqual(signature, s.signature);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + keyId) + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return toLine().stripTrailing();
    }
}
