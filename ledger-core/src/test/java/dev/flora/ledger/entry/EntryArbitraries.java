package dev.flora.ledger.entry;

import dev.flora.ledger.hash.Digest;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Arbitrary valid entries, reaching every field's full range, including 4-byte UTF-8. */
final class EntryArbitraries {

    private EntryArbitraries() {
    }

    static Arbitrary<Entry> entries() {
        Arbitrary<Long> index = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0L)),
                Tuple.of(3, Arbitraries.longs().between(0, Long.MAX_VALUE)));
        return Combinators.combine(index, digests(), Arbitraries.longs(), statusChanges())
                .as((i, prev, recorded, change) -> new Entry(i, i == 0 ? Digest.zero() : prev,
                        FieldRules.fromMicros(recorded), change));
    }

    static Arbitrary<StatusChange> statusChanges() {
        Arbitrary<Optional<Digest>> commitment = digests().optional();
        return Combinators.combine(text(1, 128), eventTypes(), authorities(),
                Arbitraries.longs(), attributes(), commitment, text(1, 128))
                .as((caseRef, type, authority, effective, attributes, payload, requestId) ->
                        new StatusChange(caseRef, type, authority,
                                FieldRules.fromMicros(effective), attributes, payload, requestId));
    }

    static Arbitrary<Digest> digests() {
        return Arbitraries.bytes().array(byte[].class).ofSize(Digest.LENGTH).map(Digest::of);
    }

    /** Text of min..max UTF-8 bytes without control characters or lone surrogates. */
    static Arbitrary<String> text(int min, int max) {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0x20, 0x7E)),
                Tuple.of(2, Arbitraries.integers().between(0xA0, 0x7FF)),
                Tuple.of(2, Arbitraries.integers().between(0x800, 0xD7FF)),
                Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
                Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10FFFF)));
        return codePoint.list().ofMinSize(min).ofMaxSize(Math.min(max, 40))
                .map(EntryArbitraries::fromCodePoints)
                .filter(s -> Utf8.length(s) >= min && Utf8.length(s) <= max);
    }

    static Arbitrary<String> eventTypes() {
        return segment(12).list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l))
                .filter(s -> s.length() <= 64);
    }

    static Arbitrary<String> authorities() {
        Arbitrary<String> part = Arbitraries.strings().withCharRange('a', 'z')
                .withCharRange('0', '9').ofMinLength(1).ofMaxLength(10);
        return part.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("-", l))
                .filter(s -> s.length() <= 64);
    }

    static Arbitrary<Attributes> attributes() {
        Arbitrary<AttributeValue> value = Arbitraries.oneOf(
                text(0, 1024).map(AttributeValue::text),
                Arbitraries.longs().map(AttributeValue::of),
                Arbitraries.of(true, false).map(AttributeValue::of));
        return Arbitraries.maps(segment(20), value).ofMaxSize(FieldRules.MAX_ATTRIBUTES)
                .map(Attributes::of);
    }

    /** {@code [a-z][a-z0-9_]*} of 1..maxLength characters. */
    private static Arbitrary<String> segment(int maxLength) {
        Arbitrary<String> rest = Arbitraries.strings().withCharRange('a', 'z')
                .withCharRange('0', '9').withChars('_').ofMaxLength(maxLength - 1);
        return Combinators.combine(Arbitraries.chars().range('a', 'z'), rest)
                .as((first, tail) -> first + tail);
    }

    private static String fromCodePoints(List<Integer> codePoints) {
        StringBuilder sb = new StringBuilder();
        codePoints.forEach(sb::appendCodePoint);
        return sb.toString();
    }
}
