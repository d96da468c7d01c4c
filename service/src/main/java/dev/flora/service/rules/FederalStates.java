package dev.flora.service.rules;

import java.util.Set;

/** The sixteen German federal states as ISO 3166-2 codes. */
public final class FederalStates {

    /** Every valid code. */
    public static final Set<String> ALL = Set.of(
            "DE-BW", "DE-BY", "DE-BE", "DE-BB", "DE-HB", "DE-HH", "DE-HE", "DE-MV",
            "DE-NI", "DE-NW", "DE-RP", "DE-SL", "DE-SN", "DE-ST", "DE-SH", "DE-TH");

    private FederalStates() {
    }

    /** Whether {@code code} is one of the sixteen ISO 3166-2 codes. */
    public static boolean isValid(String code) {
        return ALL.contains(code);
    }

    static void requireValid(String code) {
        if (!isValid(code)) {
            throw new IllegalArgumentException("'" + code
                    + "' is not an ISO 3166-2 code of a German federal state");
        }
    }
}
