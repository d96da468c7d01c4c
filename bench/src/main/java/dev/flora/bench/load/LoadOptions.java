package dev.flora.bench.load;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What one load generator run does.
 *
 * @param mode {@code stream} or {@code unary-rate}
 * @param host the service host; MUST be a loopback address (the generator never loads a remote
 *     machine by accident)
 * @param port the service's gRPC port
 * @param authority the caller named in {@code x-flora-authority} (dev-metadata auth mode)
 * @param channels gRPC channels (TCP connections) the calls are spread over, round robin; the
 *     service serves each connection on one event loop thread
 * @param streams concurrent AppendStream streams (stream mode)
 * @param window AppendStream messages in flight per stream (stream mode)
 * @param batch appends per AppendStream message (stream mode; the service takes 1..1000)
 * @param rate intended unary appends per second (unary-rate mode)
 * @param warmupSeconds load before measuring, not counted
 * @param seconds measured load
 */
public record LoadOptions(String mode, String host, int port, String authority, int channels, int streams,
        int window, int batch, int rate, int warmupSeconds, int seconds) {

    private static final Set<String> MODES = Set.of("stream", "unary-rate");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1");

    public LoadOptions {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("unknown mode " + mode + ", want one of " + MODES);
        }
        if (!LOOPBACK.contains(host)) {
            throw new IllegalArgumentException("host " + host + " is not loopback, want one of " + LOOPBACK);
        }
        requireRange("port", port, 1, 65_535);
        requireRange("channels", channels, 1, 64);
        requireRange("streams", streams, 1, 256);
        requireRange("window", window, 1, 10_000);
        requireRange("batch", batch, 1, 1000);
        requireRange("rate", rate, 1, 100_000);
        requireRange("warmup", warmupSeconds, 0, 600);
        requireRange("seconds", seconds, 1, 600);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " out of range " + min + ".." + max);
        }
    }

    /**
     * Parses {@code --key value} pairs: --mode, --host (127.0.0.1), --port (9000), --authority
     * (eae-chemnitz), --channels (1), --streams (8), --window (4), --batch (100), --rate (1000), --warmup (5),
     * --seconds (20).
     */
    public static LoadOptions parse(String... args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("arguments come in --key value pairs, got " + args.length);
        }
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --key, got " + args[i]);
            }
            given.put(args[i].substring(2), args[i + 1]);
        }
        LoadOptions options = new LoadOptions(given.getOrDefault("mode", "stream"),
                given.getOrDefault("host", "127.0.0.1"), number(given, "port", 9000),
                given.getOrDefault("authority", "eae-chemnitz"), number(given, "channels", 1),
                number(given, "streams", 8),
                number(given, "window", 4), number(given, "batch", 100), number(given, "rate", 1000),
                number(given, "warmup", 5), number(given, "seconds", 20));
        given.keySet().removeAll(Set.of("mode", "host", "port", "authority", "channels", "streams", "window",
                "batch", "rate", "warmup", "seconds"));
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + given.keySet());
        }
        return options;
    }

    private static int number(Map<String, String> given, String key, int otherwise) {
        String value = given.get(key);
        return value == null ? otherwise : Integer.parseInt(value);
    }
}
