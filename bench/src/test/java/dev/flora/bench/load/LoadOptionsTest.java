package dev.flora.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    @Test
    void noArguments_giveTheDocumentedDefaults() {
        LoadOptions options = LoadOptions.parse();
        assertEquals(new LoadOptions("stream", "127.0.0.1", 9000, "eae-chemnitz", 1, 8, 4, 100, 1000, 5, 20),
                options);
    }

    @Test
    void givenOptions_overrideTheDefaults() {
        LoadOptions options = LoadOptions.parse("--mode", "unary-rate", "--port", "19000",
                "--rate", "500", "--seconds", "60", "--channels", "2");
        assertEquals("unary-rate", options.mode());
        assertEquals(19000, options.port());
        assertEquals(500, options.rate());
        assertEquals(60, options.seconds());
        assertEquals(2, options.channels());
    }

    @Test
    void aHostOffLoopback_isRejectedWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse("--host", "10.0.0.7"));
        assertTrue(e.getMessage().contains("10.0.0.7"), e.getMessage());
    }

    @Test
    void anUnknownOption_isRejectedInsteadOfIgnored() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse("--rte", "1000"));
        assertTrue(e.getMessage().contains("rte"), e.getMessage());
    }

    @Test
    void anUnboundedRun_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--seconds", "0"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--seconds", "601"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--mode", "soak"));
    }
}
