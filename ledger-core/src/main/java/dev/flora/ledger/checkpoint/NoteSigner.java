package dev.flora.ledger.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * An Ed25519 note signing key with its key name.
 *
 * <p>The private key text is the golang.org/x/mod/sumdb/note form
 * {@code PRIVATE+KEY+<name>+<key id, 8 hex digits>+<base64(0x01 || 32-byte seed)>}; the key id
 * is that of the public key ({@link NoteVerifier}). The seed MUST be kept secret: this class
 * never prints it except through {@link #formatPrivateKey()}, and {@link #toString()} shows only
 * the public verifier key. Thread-safe.
 */
public final class NoteSigner {

    private static final String PRIVATE_PREFIX = "PRIVATE+KEY+";

    private final byte[] seed;
    private final PrivateKey privateKey;
    private final NoteVerifier verifier;

    private NoteSigner(String name, byte[] seed) {
        this.seed = seed.clone();
        Ed25519.Keys keys = Ed25519.fromSeed(this.seed);
        this.privateKey = keys.privateKey();
        this.verifier = NoteVerifier.of(name, keys.publicKey());
    }

    /** A new key from the platform's strong randomness. */
    public static NoteSigner generate(String name) {
        return fromSeed(name, Ed25519.randomSeed());
    }

    /** The key of a 32-byte RFC 8032 seed (the "secret key" of RFC 8032 test vectors). */
    public static NoteSigner fromSeed(String name, byte[] seed32) {
        String problem = NoteText.keyNameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new NoteSigner(name, seed32);
    }

    /**
     * Parses the private key text; every defect, including a key id that does not match the
     * name and key, is a {@link CheckpointException.Reason#MALFORMED_KEY}.
     */
    public static NoteSigner parsePrivateKey(String text) {
        if (text == null || !text.startsWith(PRIVATE_PREFIX)) {
            throw CheckpointException.malformedKey("private key text does not start with \""
                    + PRIVATE_PREFIX + "\"");
        }
        String[] parts = NoteVerifier.splitKeyText(text.substring(PRIVATE_PREFIX.length()),
                "private key");
        NoteSigner signer = new NoteSigner(parts[0], NoteVerifier.decodeKey(parts, "private key"));
        NoteVerifier.checkKeyId(parts, signer.verifier.keyId());
        return signer;
    }

    /** The private key text; it contains the secret seed. */
    public String formatPrivateKey() {
        byte[] data = new byte[1 + Ed25519.KEY_LENGTH];
        data[0] = NoteText.ALG_ED25519;
        System.arraycopy(seed, 0, data, 1, Ed25519.KEY_LENGTH);
        String text = PRIVATE_PREFIX + name() + "+" + NoteText.keyIdHex(keyId()) + "+"
                + Base64.getEncoder().encodeToString(data);
        Arrays.fill(data, (byte) 0);
        return text;
    }

    /** The key name. */
    public String name() {
        return verifier.name();
    }

    /** The key id, an unsigned 32-bit value held in an int. */
    public int keyId() {
        return verifier.keyId();
    }

    /** The matching verifier. */
    public NoteVerifier verifier() {
        return verifier;
    }

    /** The verifier key text, {@code <name>+<keyid hex>+<base64(0x01 || public key)>}. */
    public String verifierKey() {
        return verifier.format();
    }

    /** The Ed25519 signature line of this key over the UTF-8 bytes of {@code body}. */
    public NoteSignature signature(String body) {
        SignedNote.checkBody(body);
        byte[] sig = Ed25519.sign(privateKey, body.getBytes(StandardCharsets.UTF_8));
        return new NoteSignature(name(), keyId(), sig);
    }

    /**
     * Signs {@code body}, which MUST end in a newline and MUST NOT contain control characters
     * other than newline (it is the note text, signed byte for byte as UTF-8).
     */
    public SignedNote sign(String body) {
        return new SignedNote(body, List.of(signature(body)));
    }

    @Override
    public String toString() {
        return "NoteSigner[" + verifierKey() + "]";
    }
}
