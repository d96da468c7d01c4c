package dev.flora.bench.load;

import java.util.Locale;

/**
 * Subscription benchmarks against a running Flora service on loopback (docs/benchmarks-subscribe.md):
 * live fan-out latency, filling the ledger, catch-up replay, idle subscribers. Prints
 * {@code key=value} lines (bench/run-subscribe-bench.sh parses them); exits with status 1 when a
 * check failed (an append failed, an entry was missing, a wait ran out). Options:
 * {@link SubscribeOptions#parse}.
 */
public final class SubscribeBench {

    private SubscribeBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        SubscribeOptions o = SubscribeOptions.parse(args);
        String runId = Long.toString(System.currentTimeMillis(), 36)
                + Long.toString(ProcessHandle.current().pid(), 36);
        boolean ok;
        try (Connections connections = new Connections(o.host(), o.port())) {
            ok = switch (o.mode()) {
                case "live" -> LiveRun.run(o, connections, runId);
                case "fill" -> fill(o, connections, runId);
                case "replay" -> ReplayRun.run(o, connections);
                case "idle" -> IdleRun.run(o, connections);
                default -> throw new IllegalStateException("mode " + o.mode());
            };
        }
        // Netty's non-daemon threads may linger after the channels close.
        System.exit(ok ? 0 : 1);
    }

    /** Appends until the ledger holds {@code entries} entries. */
    private static boolean fill(SubscribeOptions o, Connections connections, String runId)
            throws InterruptedException {
        long before = connections.ledgerSize(o.timeoutSeconds());
        long missing = Math.max(0, o.entries() - before);
        FillLoad.Result r = FillLoad.run(connections.appenders(o.fillStreams()),
                new AppendRequests(runId, java.time.Instant.now()), missing, o);
        long after = connections.ledgerSize(o.timeoutSeconds());
        System.out.println(String.format(Locale.ROOT,
                "mode=fill size_before=%d appended=%d errors=%d stream_failures=%d size_after=%d seconds=%.1f"
                        + " appends_per_s=%.0f streams=%d batch=%d window=%d client_cpu_s=%.1f",
                before, r.acked(), r.errors(), r.streamFailures(), after, r.seconds(),
                r.acked() / r.seconds(), o.fillStreams(), o.fillBatch(), o.fillWindow(), cpuSeconds()));
        return r.errors() == 0 && r.streamFailures() == 0 && after >= o.entries();
    }

    /** CPU time of this process so far: the benchmark shares the cores with what it measures. */
    static double cpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis() / 1e3).orElse(-1.0);
    }
}
