package dev.flora.bench.load;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What one subscription benchmark run does ({@link SubscribeBench}).
 *
 * @param mode {@code live} (paced appends, live subscribers, delivery latency), {@code fill}
 *     (append until the ledger holds {@code entries}), {@code replay} (one subscriber reads the
 *     whole ledger from the beginning) or {@code idle} (idle subscribers in {@code steps})
 * @param host the service host; MUST be loopback (the benchmark never loads a remote machine)
 * @param port the service's gRPC port
 * @param subscribers live subscribers (live mode)
 * @param channels gRPC connections the live subscribers are spread over, round robin
 * @param rate appends per second of the paced appender (live mode)
 * @param appendBatch appends per AppendStream message of the paced appender; a message is due
 *     every appendBatch / rate seconds
 * @param appendStreams AppendStream streams the paced messages rotate over
 * @param warmupSeconds live mode: paced load before the measured part; its entries are counted
 *     and checked, but their latencies are not recorded
 * @param seconds live mode: measured paced load
 * @param entries fill mode: the ledger size to reach
 * @param fillStreams fill mode: AppendStream streams
 * @param fillBatch fill mode: appends per AppendStream message (1..1000)
 * @param fillWindow fill mode: messages in flight per stream
 * @param maxPerMessage the subscriptions' max_entries_per_message (1..1000)
 * @param steps idle mode: subscription counts to reach one after the other, ascending
 * @param perChannel idle mode: subscriptions per gRPC connection
 * @param servicePid idle mode: the service's process id, for its VmRSS and heap; 0 for none
 * @param timeoutSeconds the bound of every wait (delivery, catch-up, drain)
 */
public record SubscribeOptions(String mode, String host, int port, int subscribers, int channels,
        int rate, int appendBatch, int appendStreams, int warmupSeconds, int seconds, int entries,
        int fillStreams, int fillBatch, int fillWindow, int maxPerMessage, int[] steps,
        int perChannel, long servicePid, int timeoutSeconds) {

    private static final Set<String> MODES = Set.of("live", "fill", "replay", "idle");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1");

    public SubscribeOptions {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("unknown mode " + mode + ", want one of " + MODES);
        }
        if (!LOOPBACK.contains(host)) {
            throw new IllegalArgumentException("host " + host + " is not loopback, want one of " + LOOPBACK);
        }
        range("port", port, 1, 65_535);
        range("subscribers", subscribers, 1, 10_000);
        range("channels", channels, 1, 1000);
        range("rate", rate, 1, 100_000);
        range("append-batch", appendBatch, 1, 1000);
        range("append-streams", appendStreams, 1, 64);
        range("warmup", warmupSeconds, 0, 600);
        range("seconds", seconds, 1, 600);
        range("entries", entries, 1, 10_000_000);
        range("fill-streams", fillStreams, 1, 64);
        range("fill-batch", fillBatch, 1, 1000);
        range("fill-window", fillWindow, 1, 16);
        range("max-per-message", maxPerMessage, 1, 1000);
        range("per-channel", perChannel, 1, 100_000);
        range("timeout", timeoutSeconds, 1, 600);
        steps = steps.clone();
        for (int i = 0; i < steps.length; i++) {
            range("step", steps[i], i == 0 ? 1 : steps[i - 1] + 1, 100_000);
        }
    }

    private static void range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " out of range " + min + ".." + max);
        }
    }

    /**
     * Parses {@code --key value} pairs; every option is named like its component in kebab case
     * (--append-batch, --fill-window, --service-pid, ...), --steps is a comma-separated list.
     */
    public static SubscribeOptions parse(String... args) {
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
        Map<String, String> left = new HashMap<>(given);
        SubscribeOptions options = new SubscribeOptions(take(left, "mode", "live"),
                take(left, "host", "127.0.0.1"), num(left, "port", 9000), num(left, "subscribers", 100),
                num(left, "channels", 10), num(left, "rate", 5000), num(left, "append-batch", 5),
                num(left, "append-streams", 4), num(left, "warmup", 10), num(left, "seconds", 60),
                num(left, "entries", 1_000_000), num(left, "fill-streams", 8), num(left, "fill-batch", 500),
                num(left, "fill-window", 4), num(left, "max-per-message", 1000),
                Arrays.stream(take(left, "steps", "1000,2000,5000,10000,20000").split(","))
                        .mapToInt(Integer::parseInt).toArray(),
                num(left, "per-channel", 500), Long.parseLong(take(left, "service-pid", "0")),
                num(left, "timeout", 60));
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + left.keySet());
        }
        return options;
    }

    private static String take(Map<String, String> left, String key, String otherwise) {
        String value = left.remove(key);
        return value == null ? otherwise : value;
    }

    private static int num(Map<String, String> left, String key, int otherwise) {
        return Integer.parseInt(take(left, key, Integer.toString(otherwise)));
    }
}
