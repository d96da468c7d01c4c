package dev.flora.ledger.entry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The hand-written grammar checks and UTF-8 writer against the JDK's regex and encoder. */
class FieldRulesProperties {

    private static final Pattern EVENT_TYPE = Pattern.compile(FieldRules.EVENT_TYPE_GRAMMAR);
    private static final Pattern AUTHORITY = Pattern.compile(FieldRules.AUTHORITY_GRAMMAR);
    private static final Pattern KEY = Pattern.compile(FieldRules.KEY_GRAMMAR);

    @Provide
    Arbitrary<String> nearIdentifiers() {
        return Arbitraries.strings().withChars("ab09_.-Z\u00e4 ").ofMaxLength(8);
    }

    @Property(tries = 3000)
    void grammarChecks_agreeWithTheRegularExpressions(@ForAll("nearIdentifiers") String s) {
        assertEquals(EVENT_TYPE.matcher(s).matches(), FieldRules.isEventType(s), s);
        assertEquals(AUTHORITY.matcher(s).matches(), FieldRules.isAuthority(s), s);
        assertEquals(KEY.matcher(s).matches(), FieldRules.isAttributeKey(s), s);
    }

    @Property
    void utf8Writer_agreesWithTheJdkEncoder(@ForAll("text") String s) {
        byte[] expected = s.getBytes(StandardCharsets.UTF_8);
        byte[] actual = new byte[Utf8.length(s)];
        assertEquals(actual.length, Utf8.write(s, actual, 0));
        assertArrayEquals(expected, actual);
    }

    @Provide
    Arbitrary<String> text() {
        return EntryArbitraries.text(0, 1024);
    }
}
