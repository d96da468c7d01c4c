package dev.flora.ledger.hash;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A SHA-256 digest: exactly 32 bytes, immutable.
 *
 * <p>The bytes are copied on the way in and on the way out, so no caller can change a digest
 * after it was made. {@link #equals} compares in constant time ({@link MessageDigest#isEqual}),
 * so comparing a computed root with an expected one leaks nothing about where they differ.
 */
public final class Digest {

    /** Length of a SHA-256 digest in bytes. */
    public static final int LENGTH = 32;

    private static final Digest ZERO = new Digest(new byte[LENGTH], false);
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Digest(byte[] bytes, boolean copy) {
        this.bytes = copy ? bytes.clone() : bytes;
    }

    /** A digest holding a copy of {@code bytes}, which must be exactly 32 bytes long. */
    public static Digest of(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("digest bytes are null");
        }
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException(
                    "wrong digest length " + bytes.length + ", want " + LENGTH);
        }
        return new Digest(bytes, true);
    }

    /** A digest of the 32 bytes at {@code offset} in {@code source}. */
    public static Digest of(byte[] source, int offset) {
        if (offset < 0 || source.length - offset < LENGTH) {
            throw new IllegalArgumentException("need " + LENGTH + " bytes at offset " + offset
                    + ", have " + Math.max(0, source.length - offset));
        }
        return new Digest(Arrays.copyOfRange(source, offset, offset + LENGTH), false);
    }

    /** A digest from 64 hexadecimal characters (either case). */
    public static Digest ofHex(String hex) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException(
                    "wrong hex digest length " + hex.length() + ", want " + 2 * LENGTH);
        }
        return new Digest(HEX.parseHex(hex), false);
    }

    /** The digest of 32 zero bytes: the "previous hash" of the entry at index 0. */
    public static Digest zero() {
        return ZERO;
    }

    /**
     * Wraps an array the caller just created and will never touch again. Package-private: only
     * the hasher, which owns its output arrays, may skip the defensive copy.
     */
    static Digest wrap(byte[] freshBytes) {
        return new Digest(freshBytes, false);
    }

    /** A copy of the 32 bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** Copies the 32 bytes into {@code target} at {@code offset}. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, LENGTH);
    }

    /** Feeds the 32 bytes to {@code md} without copying them. */
    public void updateDigest(MessageDigest md) {
        md.update(bytes);
    }

    /** Lower-case hexadecimal, 64 characters. */
    public String toHex() {
        return HEX.formatHex(bytes);
    }

    /** Standard base64 with padding (RFC 4648 section 4), 44 characters. */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Digest d && MessageDigest.isEqual(bytes, d.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
