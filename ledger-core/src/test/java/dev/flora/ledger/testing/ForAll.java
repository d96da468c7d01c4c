package dev.flora.ledger.testing;

import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A minimal property-test runner: checks a property on {@code tries} generated cases, each made
 * from its own seed, and on failure names the property, the try, the seed and the case, so the
 * failure can be replayed exactly with {@code -Dflora.seed=<seed> -Dflora.tries=1}.
 *
 * <p>Seeds are deterministic by default (the property's name hashed with a fixed base), so a run
 * is repeatable; set {@code -Dflora.seed} to explore others. No shrinking: generators should
 * prefer small values so failing cases stay readable.
 */
public final class ForAll {

    /** A check that may throw anything, including AssertionError. */
    @FunctionalInterface
    public interface Check<T> {
        void check(T value) throws Exception;
    }

    private ForAll() {
    }

    /** Runs {@code check} on {@code tries} values made by {@code generator}. */
    public static <T> void check(String property, int tries, Function<SplittableRandom, T> generator,
            Check<T> check) {
        long base = Long.getLong("flora.seed", 0x5EED_F10AL ^ property.hashCode());
        int count = Integer.getInteger("flora.tries", tries);
        SplittableRandom seeds = new SplittableRandom(base);
        for (int i = 0; i < count; i++) {
            long seed = i == 0 ? base : seeds.nextLong();
            T value = generator.apply(new SplittableRandom(seed));
            try {
                check.check(value);
            } catch (Throwable failure) {
                AssertionError error = new AssertionError("property '" + property
                        + "' failed on try " + (i + 1) + " of " + count + " (replay with -Dflora.seed="
                        + seed + " -Dflora.tries=1): " + describe(value) + ": " + failure,
                        failure);
                throw error;
            }
        }
    }

    private static String describe(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
    }
}
