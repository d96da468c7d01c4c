package dev.flora.ledger.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** Character, key-name, base64 and key-id rules shared by notes, keys and checkpoints. */
final class NoteText {

    /** Signature type byte of Ed25519 in the signed-note key id and key encodings. */
    static final byte ALG_ED25519 = 0x01;

    private NoteText() {
    }

    /**
     * Index of the first character that a signed note MUST NOT contain, or -1: ASCII controls
     * other than newline (below U+0020), and unpaired surrogates, which have no UTF-8 encoding.
     */
    static int firstForbiddenChar(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n') {
                return i;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** "U+000D" style name of the character at {@code index}, for error messages. */
    static String describeChar(String text, int index) {
        return String.format("U+%04X at offset %d", (int) text.charAt(index), index);
    }

    /**
     * Why {@code name} is not a valid key name, or null if it is: it MUST be non-empty and MUST
     * NOT contain Unicode spaces, '+' or control characters.
     */
    static String keyNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "key name is empty";
        }
        if (firstForbiddenChar(name) >= 0) {
            return "key name \"" + name + "\" has a forbidden character "
                    + describeChar(name, firstForbiddenChar(name));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '+' || Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85) {
                return String.format("key name \"%s\" contains U+%04X at offset %d, "
                        + "key names MUST NOT contain spaces or '+'", name, (int) c, i);
            }
        }
        return null;
    }

    /**
     * Decodes standard padded base64 (RFC 4648 section 4) and accepts only the canonical
     * encoding: the JDK decoder also accepts missing padding and non-zero trailing bits, which
     * would let two different texts carry the same bytes. Returns null if {@code text} is not
     * canonical base64.
     */
    static byte[] decodeCanonicalBase64(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return Base64.getEncoder().encodeToString(bytes).equals(text) ? bytes : null;
    }

    /**
     * The signed-note key id: the first 4 bytes, big-endian, of
     * SHA-256(UTF-8(name) || 0x0A || 0x01 || 32-byte Ed25519 public key).
     */
    static int keyId(String name, byte[] publicKey) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        sha256.update(name.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0x0A);
        sha256.update(ALG_ED25519);
        sha256.update(publicKey);
        byte[] h = sha256.digest();
        return (h[0] & 0xff) << 24 | (h[1] & 0xff) << 16 | (h[2] & 0xff) << 8 | (h[3] & 0xff);
    }

    /** The key id as 8 lower-case hex digits, as in vkeys and error messages. */
    static String keyIdHex(int keyId) {
        return HexFormat.of().toHexDigits(keyId);
    }
}
