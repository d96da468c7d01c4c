package dev.flora.ledger.testing;

import java.util.SplittableRandom;

/**
 * Building blocks for {@link ForAll} generators. Numbers lean towards the cases where bugs live:
 * about one value in ten is an edge of its range (the bounds and their neighbours; 0, 1 and -1
 * for unbounded numbers), about four in ten are small (log-uniform, so 0..9 is as likely as
 * 1000..9999), and the rest are uniform over the whole range.
 */
public final class Gen {

    private static final long[] LONG_EDGES = {
        0, 1, -1, 2, Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, Long.MAX_VALUE - 1};
    private static final byte[] BYTE_EDGES = {0, 1, 2, -1, 0x7F, (byte) 0x80, (byte) 0xFE};

    private Gen() {
    }

    /** True with probability 1/n. */
    public static boolean oneIn(SplittableRandom r, int n) {
        return r.nextInt(n) == 0;
    }

    /** One of the options, uniformly. */
    @SafeVarargs
    public static <T> T pick(SplittableRandom r, T... options) {
        return options[r.nextInt(options.length)];
    }

    /** Any long; edges and small magnitudes of either sign are frequent. */
    public static long anyLong(SplittableRandom r) {
        int kind = r.nextInt(10);
        if (kind == 0) {
            return LONG_EDGES[r.nextInt(LONG_EDGES.length)];
        }
        if (kind <= 4) {
            long small = smallOffset(r, Long.MAX_VALUE);
            return r.nextBoolean() ? small : -small;
        }
        return r.nextLong();
    }

    /** A long in [min, max]; the bounds, their neighbours and values near min are frequent. */
    public static long longBetween(SplittableRandom r, long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range " + min + ".." + max);
        }
        long width = max - min; // unsigned
        int kind = r.nextInt(10);
        if (kind == 0) {
            long[] edges = {min, max, min + Math.min(1, width), max - Math.min(1, width)};
            return edges[r.nextInt(edges.length)];
        }
        if (kind <= 4) {
            return min + smallOffset(r, width);
        }
        return min + uniformOffset(r, width);
    }

    /** An int in [min, max], distributed as {@link #longBetween}. */
    public static int intBetween(SplittableRandom r, int min, int max) {
        return (int) longBetween(r, min, max);
    }

    /** A tree size in [min, max]: as {@link #intBetween}, plus powers of two and neighbours. */
    public static int treeSize(SplittableRandom r, int min, int max) {
        if (oneIn(r, 6)) {
            int bits = 31 - Integer.numberOfLeadingZeros(Math.max(1, max));
            int candidate = (1 << r.nextInt(bits + 1)) + r.nextInt(3) - 1;
            if (candidate >= min && candidate <= max) {
                return candidate;
            }
        }
        return intBetween(r, min, max);
    }

    /** Any byte; 0x00, 0x01, 0x02, 0x7F, 0x80, 0xFE, 0xFF are frequent. */
    public static byte anyByte(SplittableRandom r) {
        return oneIn(r, 5) ? BYTE_EDGES[r.nextInt(BYTE_EDGES.length)] : (byte) r.nextInt(256);
    }

    /** {@code length} uniformly random bytes. */
    public static byte[] bytes(SplittableRandom r, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i += 4) {
            int v = r.nextInt();
            for (int k = i; k < Math.min(length, i + 4); k++, v >>>= 8) {
                bytes[k] = (byte) v;
            }
        }
        return bytes;
    }

    /** Uniform in [0, width], width read as unsigned. */
    private static long uniformOffset(SplittableRandom r, long width) {
        if (width >= 0 && width < Long.MAX_VALUE) {
            return r.nextLong(width + 1);
        }
        long v;
        do {
            v = r.nextLong();
        } while (Long.compareUnsigned(v, width) > 0);
        return v;
    }

    /** In [0, width] (unsigned), log-uniform: the bit length is uniform first. */
    private static long smallOffset(SplittableRandom r, long width) {
        int widthBits = 64 - Long.numberOfLeadingZeros(width);
        int bits = r.nextInt(widthBits + 1);
        long cap = bits == 64 ? -1L : (1L << bits) - 1;
        return uniformOffset(r, Long.compareUnsigned(cap, width) < 0 ? cap : width);
    }
}
