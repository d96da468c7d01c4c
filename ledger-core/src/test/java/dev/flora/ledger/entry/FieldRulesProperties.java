package dev.flora.ledger.entry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flora.ledger.testing.ForAll;
import dev.flora.ledger.testing.Gen;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written grammar checks and UTF-8 writer against the JDK's regex and encoder. */
class FieldRulesProperties {

    private static final Pattern EVENT_TYPE = Pattern.compile(FieldRules.EVENT_TYPE_GRAMMAR);
    private static final Pattern AUTHORITY = Pattern.compile(FieldRules.AUTHORITY_GRAMMAR);
    private static final Pattern KEY = Pattern.compile(FieldRules.KEY_GRAMMAR);
    private static final String NEAR_IDENTIFIER_CHARS = "ab09_.-Z\u00e4 ";

    /** 0..8 characters from a small alphabet of legal and barely illegal identifier characters. */
    static String arbitraryNearIdentifier(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        for (int i = Gen.intBetween(r, 0, 8); i > 0; i--) {
            sb.append(NEAR_IDENTIFIER_CHARS.charAt(r.nextInt(NEAR_IDENTIFIER_CHARS.length())));
        }
        return sb.toString();
    }

    @Test
    void grammarChecks_agreeWithTheRegularExpressions() {
        ForAll.check("grammarChecks_agreeWithTheRegularExpressions", 3000,
                FieldRulesProperties::arbitraryNearIdentifier, s -> {
                    assertEquals(EVENT_TYPE.matcher(s).matches(), FieldRules.isEventType(s), s);
                    assertEquals(AUTHORITY.matcher(s).matches(), FieldRules.isAuthority(s), s);
                    assertEquals(KEY.matcher(s).matches(), FieldRules.isAttributeKey(s), s);
                });
    }

    @Test
    void utf8Writer_agreesWithTheJdkEncoder() {
        ForAll.check("utf8Writer_agreesWithTheJdkEncoder", 1000,
                r -> EntryArbitraries.arbitraryText(r, 0, 1024), s -> {
                    byte[] expected = s.getBytes(StandardCharsets.UTF_8);
                    byte[] actual = new byte[Utf8.length(s)];
                    assertEquals(actual.length, Utf8.write(s, actual, 0));
                    assertArrayEquals(expected, actual);
                });
    }
}
