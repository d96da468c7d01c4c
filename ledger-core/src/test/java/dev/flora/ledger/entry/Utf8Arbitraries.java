package dev.flora.ledger.entry;

import dev.flora.ledger.testing.Gen;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Byte strings that look like UTF-8 text and are often not: well-formed sequences of every
 * length at the edges of their ranges, C0, DEL and C1 controls, and the ill-formed cases of
 * RFC 3629 (stray continuations, never-used leads, overlongs, encoded surrogates, code points
 * above U+10FFFF, sequences cut short).
 */
final class Utf8Arbitraries {

    private static final int[] EDGE_CODE_POINTS = {
        0x00, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0x9F, 0xA0, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD,
        0xFFFF, 0x10000, 0x10FFFF};

    private Utf8Arbitraries() {
    }

    /** 0..maxPieces pieces; a few in a hundred are ill-formed or controls, most are fine. */
    static byte[] utf8ish(SplittableRandom r, int maxPieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = Gen.intBetween(r, 0, maxPieces); i > 0; i--) {
            out.writeBytes(Gen.oneIn(r, 3) ? wellFormed(r) : Gen.oneIn(r, 8) ? illFormed(r)
                    : printableAscii(r));
        }
        return out.toByteArray();
    }

    private static byte[] printableAscii(SplittableRandom r) {
        return new byte[] {(byte) Gen.intBetween(r, 0x20, 0x7E)};
    }

    /** One well-formed code point, controls included, edges frequent. */
    static byte[] wellFormed(SplittableRandom r) {
        int cp;
        if (Gen.oneIn(r, 3)) {
            cp = EDGE_CODE_POINTS[r.nextInt(EDGE_CODE_POINTS.length)];
        } else {
            do {
                cp = Gen.intBetween(r, 0, 0x10FFFF);
            } while (cp >= 0xD800 && cp <= 0xDFFF);
        }
        return new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
    }

    /** One ill-formed sequence, or a random byte. */
    static byte[] illFormed(SplittableRandom r) {
        int c = Gen.intBetween(r, 0x80, 0xBF);
        return switch (r.nextInt(9)) {
            case 0 -> new byte[] {(byte) c}; // stray continuation
            case 1 -> new byte[] {(byte) Gen.intBetween(r, 0xC0, 0xC1), (byte) c}; // overlong
            case 2 -> new byte[] {(byte) 0xE0, (byte) Gen.intBetween(r, 0x80, 0x9F), (byte) c};
            case 3 -> new byte[] {(byte) 0xF0, (byte) Gen.intBetween(r, 0x80, 0x8F), (byte) c,
                (byte) c};
            case 4 -> new byte[] {(byte) 0xED, (byte) Gen.intBetween(r, 0xA0, 0xBF), (byte) c};
            case 5 -> new byte[] {(byte) 0xF4, (byte) Gen.intBetween(r, 0x90, 0xBF), (byte) c,
                (byte) c}; // above U+10FFFF
            case 6 -> new byte[] {(byte) Gen.intBetween(r, 0xF5, 0xFF), (byte) c, (byte) c};
            case 7 -> cutShort(r);
            default -> new byte[] {Gen.anyByte(r)};
        };
    }

    /** A multi-byte sequence missing its last 1..n-1 bytes. */
    private static byte[] cutShort(SplittableRandom r) {
        byte[] whole;
        do {
            whole = wellFormed(r);
        } while (whole.length < 2);
        byte[] cut = new byte[Gen.intBetween(r, 1, whole.length - 1)];
        System.arraycopy(whole, 0, cut, 0, cut.length);
        return cut;
    }
}
