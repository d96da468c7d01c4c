package dev.flora.ledger.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The hand-written UTF-8 checks against the JDK's strict decoder and Character. */
class Utf8Test {

    private final CharsetDecoder jdk = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer chars = CharBuffer.allocate(8);

    /** Offset of the first ill-formed sequence by the JDK, or -1. */
    private int jdkFirstMalformed(byte[] b) {
        jdk.reset();
        chars.clear();
        ByteBuffer in = ByteBuffer.wrap(b);
        boolean error = jdk.decode(in, chars, true).isError() || jdk.flush(chars).isError();
        return error ? in.position() : -1;
    }

    private static int firstMalformed(byte[] b) {
        for (int i = 0; i < b.length; ) {
            int n = Utf8.sequenceLength(b, i, b.length);
            if (n == 0) {
                return i;
            }
            i += n;
        }
        return -1;
    }

    private void assertAgreesWithJdk(byte[] b) {
        assertEquals(jdkFirstMalformed(b), firstMalformed(b),
                () -> java.util.HexFormat.of().formatHex(b));
    }

    @Test
    void sequenceLength_agreesWithTheJdk_onEveryOneAndTwoByteInput() {
        for (int x = 0; x < 256; x++) {
            assertAgreesWithJdk(new byte[] {(byte) x});
            for (int y = 0; y < 256; y++) {
                assertAgreesWithJdk(new byte[] {(byte) x, (byte) y});
            }
        }
    }

    @Test
    void sequenceLength_agreesWithTheJdk_onEveryThreeByteInputWithALeadFrom0xC0To0xF7() {
        for (int x = 0xC0; x < 0xF8; x++) {
            for (int y = 0; y < 256; y++) {
                for (int z = 0; z < 256; z++) {
                    assertAgreesWithJdk(new byte[] {(byte) x, (byte) y, (byte) z});
                }
            }
        }
    }

    @Test
    void sequenceLength_agreesWithTheJdk_onFourByteInputsWithEdgeContinuations() {
        int[] edges = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
        for (int x = 0xE0; x < 256; x++) {
            for (int y = 0; y < 256; y++) {
                for (int z : edges) {
                    for (int w : edges) {
                        assertAgreesWithJdk(new byte[] {(byte) x, (byte) y, (byte) z, (byte) w});
                    }
                }
            }
        }
    }

    @Test
    void codePointAndIsControl_matchTheJdk_forEveryScalarValue() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                continue;
            }
            byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            assertEquals(b.length, Utf8.sequenceLength(b, 0, b.length), "U+" + cp);
            assertEquals(cp, Utf8.codePoint(b, 0, b.length), "U+" + cp);
            assertEquals(Character.isISOControl(cp), Utf8.isControl(cp), "U+" + cp);
        }
    }
}
