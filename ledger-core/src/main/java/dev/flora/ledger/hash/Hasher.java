package dev.flora.ledger.hash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The RFC 9162 (section 2.1.1) Merkle tree hash functions over SHA-256.
 *
 * <pre>
 *   leaf hash  = SHA-256(0x00 || entry bytes)
 *   node hash  = SHA-256(0x01 || left child hash (32 bytes) || right child hash (32 bytes))
 *   empty root = SHA-256()   (the hash of no bytes)
 * </pre>
 *
 * <p>The leaf hash of an entry is also what the next entry names as its previous hash, so the
 * hash chain and the Merkle tree share one hash per entry.
 *
 * <p>A {@code Hasher} holds one {@link MessageDigest} and is therefore <b>not thread-safe</b>:
 * give each thread its own ({@link #create()} is cheap).
 */
public final class Hasher {

    /** Domain-separation prefix of a leaf hash (RFC 9162 section 2.1.1). */
    public static final byte LEAF_PREFIX = 0x00;
    /** Domain-separation prefix of an interior node hash (RFC 9162 section 2.1.1). */
    public static final byte NODE_PREFIX = 0x01;

    private static final Digest EMPTY_ROOT = Digest.wrap(newSha256().digest());

    private final MessageDigest sha256;

    private Hasher(MessageDigest sha256) {
        this.sha256 = sha256;
    }

    /** A new hasher with its own SHA-256 state. */
    public static Hasher create() {
        return new Hasher(newSha256());
    }

    /** The root hash of the empty tree: SHA-256 of the empty string. */
    public static Digest emptyRoot() {
        return EMPTY_ROOT;
    }

    /** {@code SHA-256(0x00 || data)}. */
    public Digest leafHash(byte[] data) {
        return leafHash(data, 0, data.length);
    }

    /** {@code SHA-256(0x00 || data[offset, offset + length))}. */
    public Digest leafHash(byte[] data, int offset, int length) {
        sha256.update(LEAF_PREFIX);
        sha256.update(data, offset, length);
        return Digest.wrap(sha256.digest());
    }

    /** {@code SHA-256(0x01 || left || right)}. */
    public Digest nodeHash(Digest left, Digest right) {
        sha256.update(NODE_PREFIX);
        left.updateDigest(sha256);
        right.updateDigest(sha256);
        return Digest.wrap(sha256.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
