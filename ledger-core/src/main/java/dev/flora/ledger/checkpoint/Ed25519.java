package dev.flora.ledger.checkpoint;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

/**
 * Raw RFC 8032 Ed25519 keys on top of the JDK's EdDSA provider.
 *
 * <p>Keys travel as raw bytes: a 32-byte seed (the RFC 8032 private key) and a 32-byte public
 * key, which is the curve point's y coordinate in little-endian order with the sign (parity) of
 * x in the top bit of the last byte (RFC 8032 section 5.1.2).
 */
final class Ed25519 {

    static final int KEY_LENGTH = 32;
    static final int SIGNATURE_LENGTH = 64;
    private static final String ALG = "Ed25519";

    private Ed25519() {
    }

    /** A private key and its raw public key. */
    record Keys(PrivateKey privateKey, byte[] publicKey) {
    }

    /**
     * The key pair of a 32-byte seed. Java 17 has no public "derive the public key" call, so the
     * JDK generator is fed the seed as its only randomness (it draws exactly the 32 seed bytes);
     * the result is checked so that a provider drawing differently fails loudly, not silently.
     */
    static Keys fromSeed(byte[] seed) {
        if (seed == null || seed.length != KEY_LENGTH) {
            throw new IllegalArgumentException("wrong Ed25519 seed length "
                    + (seed == null ? "null" : seed.length) + ", want " + KEY_LENGTH);
        }
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance(ALG);
            kpg.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
            KeyPair pair = kpg.generateKeyPair();
            byte[] drawn = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
            if (!Arrays.equals(drawn, seed)) {
                throw new IllegalStateException("the JDK Ed25519 generator did not use the seed");
            }
            return new Keys(pair.getPrivate(), encode(((EdECPublicKey) pair.getPublic()).getPoint()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is missing from this JDK", e);
        }
    }

    /** A fresh random seed from the platform's strong source. */
    static byte[] randomSeed() {
        byte[] seed = new byte[KEY_LENGTH];
        new SecureRandom().nextBytes(seed);
        return seed;
    }

    /** The JDK public key for a raw 32-byte RFC 8032 public key. */
    static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        byte[] littleEndian = raw.clone();
        boolean xOdd = (littleEndian[KEY_LENGTH - 1] & 0x80) != 0;
        littleEndian[KEY_LENGTH - 1] &= 0x7f;
        byte[] bigEndian = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            bigEndian[i] = littleEndian[KEY_LENGTH - 1 - i];
        }
        EdECPoint point = new EdECPoint(xOdd, new BigInteger(1, bigEndian));
        return KeyFactory.getInstance(ALG)
                .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
    }

    /** The raw 32-byte RFC 8032 encoding of a point. */
    static byte[] encode(EdECPoint point) {
        byte[] bigEndian = point.getY().toByteArray();
        byte[] raw = new byte[KEY_LENGTH];
        // toByteArray may add a leading sign byte or be shorter than 32 bytes
        for (int i = 0; i < KEY_LENGTH && i < bigEndian.length; i++) {
            raw[i] = bigEndian[bigEndian.length - 1 - i];
        }
        if (point.isXOdd()) {
            raw[KEY_LENGTH - 1] |= (byte) 0x80;
        }
        return raw;
    }

    static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature s = Signature.getInstance(ALG);
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /**
     * Whether {@code signature} is a valid signature of {@code message}. A public key that is not
     * a curve point makes every signature invalid rather than throwing.
     */
    static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance(ALG);
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (InvalidKeyException | SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is missing from this JDK", e);
        }
    }

    /** Randomness that yields the seed and nothing else, to derive a key pair from it. */
    private static final class SeedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;
        private boolean used;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (used || bytes.length != seed.length) {
                throw new IllegalStateException("seed randomness asked for " + bytes.length
                        + " bytes" + (used ? " a second time" : ", have " + seed.length));
            }
            used = true;
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }
}
