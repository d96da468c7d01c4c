package dev.flora.ledger.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A trusted Ed25519 note key, parsed from its verifier key text ("vkey"):
 * {@code <name>+<key id, 8 hex digits>+<base64(0x01 || 32-byte public key)>}, the form of
 * golang.org/x/mod/sumdb/note.
 *
 * <p>The key id in the text MUST equal SHA-256(name || 0x0A || 0x01 || public key)[:4]; a vkey
 * whose id does not match its own name and key is rejected, so a typo cannot silently make
 * every note look unsigned. Immutable and thread-safe.
 */
public final class NoteVerifier {

    private final String name;
    private final int keyId;
    private final byte[] publicKey;
    private final PublicKey jdkKey;

    private NoteVerifier(String name, int keyId, byte[] publicKey, PublicKey jdkKey) {
        this.name = name;
        this.keyId = keyId;
        this.publicKey = publicKey;
        this.jdkKey = jdkKey;
    }

    /** The verifier for a raw 32-byte Ed25519 public key under {@code name}. */
    public static NoteVerifier of(String name, byte[] publicKey) {
        String problem = NoteText.keyNameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (publicKey == null || publicKey.length != Ed25519.KEY_LENGTH) {
            throw new IllegalArgumentException("wrong Ed25519 public key length "
                    + (publicKey == null ? "null" : publicKey.length) + ", want 32");
        }
        try {
            byte[] copy = publicKey.clone();
            return new NoteVerifier(name, NoteText.keyId(name, copy), copy, Ed25519.publicKey(copy));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** Parses a vkey; every defect is a {@link CheckpointException.Reason#MALFORMED_KEY}. */
    public static NoteVerifier parse(String vkey) {
        String[] parts = splitKeyText(vkey, "verifier key");
        byte[] raw = decodeKey(parts, "public key");
        NoteVerifier verifier;
        try {
            verifier = of(parts[0], raw);
        } catch (IllegalArgumentException e) {
            throw CheckpointException.malformedKey(e.getMessage());
        }
        checkKeyId(parts, verifier.keyId);
        return verifier;
    }

    /**
     * Splits {@code name+hexid+base64} at the first two '+' (base64 may itself contain '+').
     * Checks the name and the id syntax.
     */
    static String[] splitKeyText(String text, String what) {
        if (text == null) {
            throw CheckpointException.malformedKey(what + " is null");
        }
        int first = text.indexOf('+');
        int second = first < 0 ? -1 : text.indexOf('+', first + 1);
        if (second < 0) {
            throw CheckpointException.malformedKey(what + " \"" + text
                    + "\" is not of the form <name>+<key id>+<base64 key>");
        }
        String[] parts = {text.substring(0, first), text.substring(first + 1, second),
                text.substring(second + 1)};
        String problem = NoteText.keyNameProblem(parts[0]);
        if (problem != null) {
            throw CheckpointException.malformedKey(what + ": bad name: " + problem);
        }
        if (!parts[1].matches("[0-9a-fA-F]{8}")) {
            throw CheckpointException.malformedKey(what + " for " + parts[0] + ": key id \""
                    + parts[1] + "\" is not 8 hex digits");
        }
        return parts;
    }

    /** Decodes {@code base64(0x01 || 32 key bytes)} from the third part. */
    static byte[] decodeKey(String[] parts, String what) {
        byte[] data = NoteText.decodeCanonicalBase64(parts[2]);
        if (data == null || data.length == 0) {
            throw CheckpointException.malformedKey(what + " of " + parts[0]
                    + " is not canonical base64: \"" + parts[2] + "\"");
        }
        if (data[0] != NoteText.ALG_ED25519) {
            throw CheckpointException.malformedKey(String.format(
                    "%s of %s has unknown algorithm byte 0x%02x, want 0x01 (Ed25519)",
                    what, parts[0], data[0] & 0xff));
        }
        if (data.length - 1 != Ed25519.KEY_LENGTH) {
            throw CheckpointException.malformedKey(what + " of " + parts[0]
                    + " has wrong key length " + (data.length - 1) + ", want 32");
        }
        return Arrays.copyOfRange(data, 1, data.length);
    }

    static void checkKeyId(String[] parts, int computed) {
        int stated = HexFormat.fromHexDigits(parts[1]);
        if (stated != computed) {
            throw CheckpointException.malformedKey("key id mismatch for " + parts[0] + ": text says "
                    + parts[1] + ", name and key give " + NoteText.keyIdHex(computed));
        }
    }

    /** The key name. */
    public String name() {
        return name;
    }

    /** The key id, an unsigned 32-bit value held in an int. */
    public int keyId() {
        return keyId;
    }

    /** A copy of the raw 32-byte RFC 8032 public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The vkey text, {@code <name>+<keyid hex>+<base64(0x01 || public key)>}. */
    public String format() {
        byte[] data = new byte[1 + Ed25519.KEY_LENGTH];
        data[0] = NoteText.ALG_ED25519;
        System.arraycopy(publicKey, 0, data, 1, Ed25519.KEY_LENGTH);
        return name + "+" + NoteText.keyIdHex(keyId) + "+" + Base64.getEncoder().encodeToString(data);
    }

    /** Whether {@code sig} claims to be by this key: same name and same key id. */
    boolean matches(NoteSignature sig) {
        return sig.name().equals(name) && sig.keyId() == keyId;
    }

    boolean verify(String body, byte[] signature) {
        return Ed25519.verify(jdkKey, body.getBytes(StandardCharsets.UTF_8), signature);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoteVerifier v && name.equals(v.name)
                && Arrays.equals(publicKey, v.publicKey);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return format();
    }
}
