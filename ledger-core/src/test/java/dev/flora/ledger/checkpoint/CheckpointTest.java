package dev.flora.ledger.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.hash.Hasher;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckpointTest {

    private static final String ROOT = "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=";

    @Test
    void toBody_isOriginSizeRootAndExtensions_eachEndingInNewline() {
        Checkpoint cp = new Checkpoint("log.example/a", 20852163,
                Digest.ofHex(KnownAnswerTest.ROOT_HEX), List.of("ext one", "x"));
        assertEquals("log.example/a\n20852163\n" + ROOT + "\next one\nx\n", cp.toBody());
        assertEquals(cp, Checkpoint.parse(cp.toBody()));
    }

    @Test
    void parse_acceptsTheEmptyTreeSizeZero() {
        Checkpoint cp = Checkpoint.parse("o\n0\n" + Hasher.emptyRoot().toBase64() + "\n");
        assertEquals(0, cp.size());
        assertEquals(List.of(), cp.extensions());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        empty body                   | ''                                   | checkpoint body is empty
        missing final newline        | 'o\\n1\\nROOT'                       | does not end with a newline
        only two lines               | 'o\\n1\\n'                           | has 2 lines, want at least 3
        empty origin                 | '\\n1\\nROOT\\n'                     | origin is empty
        non-printable origin         | 'o\\u0007x\\n1\\nROOT\\n'            | non-printable U+0007 at offset 1
        C1 control in origin         | 'o\\u0085\\n1\\nROOT\\n'             | non-printable U+0085
        leading zero size            | 'o\\n01\\nROOT\\n'                   | tree size "01" is not a decimal
        plus sign size               | 'o\\n+1\\nROOT\\n'                   | tree size "+1"
        negative size                | 'o\\n-1\\nROOT\\n'                   | tree size "-1"
        non-digit size               | 'o\\n1a\\nROOT\\n'                   | tree size "1a"
        empty size                   | 'o\\n\\nROOT\\n'                     | tree size ""
        overflowing size             | 'o\\n9223372036854775808\\nROOT\\n'  | tree size 9223372036854775808 exceeds the maximum 9223372036854775807
        root 31 bytes                | 'o\\n1\\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\\n' | root hash is 31 bytes, want 32
        root 33 bytes                | 'o\\n1\\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\\n' | root hash is 33 bytes, want 32
        root bad base64              | 'o\\n1\\n!sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=\\n' | is not canonical padded base64
        root without padding         | 'o\\n1\\n+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU\\n'  | is not canonical padded base64
        root non-canonical bits      | 'o\\n1\\n+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSV=\\n' | is not canonical padded base64
        root hex instead of base64   | 'o\\n1\\nfac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125\\n' | root hash is 48 bytes, want 32
        empty extension line         | 'o\\n1\\nROOT\\na\\n\\n'             | extension line 2 is empty
        carriage return in extension | 'o\\n1\\nROOT\\na\\r\\n'             | has non-printable U+000D at offset 1
        """)
    void parse_rejectsMalformedBodies_withAPreciseMessage(String what, String body, String message) {
        String text = unescape(body).replace("ROOT", ROOT);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.parse(text));
        assertEquals(CheckpointException.Reason.MALFORMED_CHECKPOINT, e.reason());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void constructor_rejectsValuesThatCannotBeWritten() {
        Digest root = Digest.zero();
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.of("", 1, root));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.of("a\nb", 1, root));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.of("o", -1, root));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.of("o", 1, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint("o", 1, root, List.of("")));
        assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint("o", 1, root, List.of("two\nlines")));
    }

    /** Turns the escapes of the table ({@code \n}, {@code \r}, {@code \\uXXXX}) into characters. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
            } else if (s.charAt(i + 1) == 'u') {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(s.charAt(i + 1) == 'n' ? '\n' : '\r');
                i++;
            }
        }
        return out.toString();
    }
}
