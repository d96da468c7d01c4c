package dev.flora.ledger.entry;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.testing.Gen;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/** Generators of valid entries, reaching every field's full range, including 4-byte UTF-8. */
final class EntryArbitraries {

    private EntryArbitraries() {
    }

    static Entry arbitraryEntry(SplittableRandom r) {
        long index = Gen.oneIn(r, 4) ? 0 : Gen.longBetween(r, 0, Long.MAX_VALUE);
        Digest previous = index == 0 ? Digest.zero() : arbitraryDigest(r);
        return new Entry(index, previous, FieldRules.fromMicros(Gen.anyLong(r)),
                arbitraryStatusChange(r));
    }

    static StatusChange arbitraryStatusChange(SplittableRandom r) {
        String caseRef = arbitraryText(r, 1, 128);
        String type = arbitraryEventType(r);
        String authority = arbitraryAuthority(r);
        long effective = Gen.anyLong(r);
        Attributes attributes = arbitraryAttributes(r);
        Optional<Digest> payload =
                r.nextBoolean() ? Optional.empty() : Optional.of(arbitraryDigest(r));
        String requestId = arbitraryText(r, 1, 128);
        return new StatusChange(caseRef, type, authority, FieldRules.fromMicros(effective),
                attributes, payload, requestId);
    }

    /** Random 32 bytes; now and then all 0x00 or all 0xFF. */
    static Digest arbitraryDigest(SplittableRandom r) {
        if (Gen.oneIn(r, 20)) {
            byte[] filled = new byte[Digest.LENGTH];
            Arrays.fill(filled, r.nextBoolean() ? 0 : (byte) 0xFF);
            return Digest.of(filled);
        }
        return Digest.of(Gen.bytes(r, Digest.LENGTH));
    }

    /**
     * Text of min..max UTF-8 bytes without control characters or lone surrogates, of at most 40
     * code points; one-byte code points are the most frequent, but 2-, 3- and 4-byte ones and the
     * bounds of each range (U+007F excepted: it is a control character) occur too.
     */
    static String arbitraryText(SplittableRandom r, int min, int max) {
        while (true) {
            int codePoints = Gen.intBetween(r, min, Math.min(max, 40));
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < codePoints; i++) {
                sb.appendCodePoint(arbitraryCodePoint(r));
            }
            String s = sb.toString();
            int length = Utf8.length(s);
            if (length >= min && length <= max) {
                return s;
            }
        }
    }

    private static int arbitraryCodePoint(SplittableRandom r) {
        int w = r.nextInt(12);
        if (w < 6) {
            return Gen.intBetween(r, 0x20, 0x7E);
        } else if (w < 8) {
            return Gen.intBetween(r, 0xA0, 0x7FF);
        } else if (w < 10) {
            return Gen.intBetween(r, 0x800, 0xD7FF);
        } else if (w < 11) {
            return Gen.intBetween(r, 0xE000, 0xFFFF);
        }
        return Gen.intBetween(r, 0x10000, 0x10FFFF);
    }

    /** One to four dot-separated segments. */
    static String arbitraryEventType(SplittableRandom r) {
        List<String> segments = new ArrayList<>();
        for (int i = Gen.intBetween(r, 1, 4); i > 0; i--) {
            segments.add(segment(r, 12));
        }
        return String.join(".", segments);
    }

    /** One to four dash-separated parts of {@code [a-z0-9]{1,10}}. */
    static String arbitraryAuthority(SplittableRandom r) {
        List<String> parts = new ArrayList<>();
        for (int i = Gen.intBetween(r, 1, 4); i > 0; i--) {
            parts.add(chars(r, Gen.intBetween(r, 1, 10), "abcdefghijklmnopqrstuvwxyz0123456789"));
        }
        return String.join("-", parts);
    }

    /** Up to {@link FieldRules#MAX_ATTRIBUTES} keys with text, integer or boolean values. */
    static Attributes arbitraryAttributes(SplittableRandom r) {
        int size = Gen.intBetween(r, 0, FieldRules.MAX_ATTRIBUTES);
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        while (map.size() < size) {
            map.put(segment(r, 20), switch (r.nextInt(3)) {
                case 0 -> AttributeValue.text(arbitraryText(r, 0, 1024));
                case 1 -> AttributeValue.of(Gen.anyLong(r));
                default -> AttributeValue.of(r.nextBoolean());
            });
        }
        return Attributes.of(map);
    }

    /** {@code [a-z][a-z0-9_]*} of 1..maxLength characters. */
    private static String segment(SplittableRandom r, int maxLength) {
        return chars(r, 1, "abcdefghijklmnopqrstuvwxyz") + chars(r,
                Gen.intBetween(r, 0, maxLength - 1), "abcdefghijklmnopqrstuvwxyz0123456789_");
    }

    private static String chars(SplittableRandom r, int length, String alphabet) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
