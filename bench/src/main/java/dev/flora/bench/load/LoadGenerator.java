package dev.flora.bench.load;

import dev.flora.api.ledger.v1.LedgerServiceGrpc;
import dev.flora.api.ledger.v1.LedgerServiceGrpc.LedgerServiceStub;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Loads a running Flora service over gRPC on loopback and prints one summary line of
 * {@code key=value} pairs (bench/run-service-bench.sh parses it).
 *
 * <p>Modes: {@code stream} (closed loop, AppendStream, reports committed appends per second) and
 * {@code unary-rate} (open loop, unary Append at a fixed rate, reports latency percentiles from
 * the intended send time). Every append is a {@code registered} entry of a new case, so runs
 * never conflict with each other or with earlier data. See {@link LoadOptions#parse} for the
 * options. Exits with status 1 if any append failed.
 */
public final class LoadGenerator {
    private static final Metadata.Key<String> AUTHORITY =
            Metadata.Key.of("x-flora-authority", Metadata.ASCII_STRING_MARSHALLER);

    private LoadGenerator() {
    }

    public static void main(String[] args) throws InterruptedException {
        LoadOptions options = LoadOptions.parse(args);
        Metadata headers = new Metadata();
        headers.put(AUTHORITY, options.authority());
        List<ManagedChannel> channels = new ArrayList<>();
        List<LedgerServiceStub> stubs = new ArrayList<>();
        boolean clean;
        try {
            for (int i = 0; i < options.channels(); i++) {
                channels.add(NettyChannelBuilder.forAddress(options.host(), options.port())
                        .usePlaintext().directExecutor().build());
                stubs.add(LedgerServiceGrpc.newStub(channels.get(i))
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
            }
            String runId = Long.toString(System.currentTimeMillis(), 36)
                    + Long.toString(ProcessHandle.current().pid(), 36);
            AppendRequests requests = new AppendRequests(runId, Instant.now());
            clean = options.mode().equals("stream")
                    ? report(options, StreamLoad.run(stubs, requests, options))
                    : report(options, UnaryRateLoad.run(stubs, requests, options));
        } finally {
            for (ManagedChannel channel : channels) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        if (!clean) {
            System.exit(1);
        }
    }

    private static boolean report(LoadOptions options, StreamLoad.Result result) {
        System.out.println(String.format(Locale.ROOT,
                "mode=stream channels=%d streams=%d window=%d seconds=%.1f acked=%d errors=%d"
                        + " stream_failures=%d appends_per_s=%.0f client_cpu_s=%.1f"
                        + " client_window_cpu_us_per_append=%.1f",
                options.channels(), options.streams(), options.window(), result.seconds(), result.acked(),
                result.errors(), result.streamFailures(), result.appendsPerSecond(), cpuSeconds(),
                result.windowCpuSeconds() * 1e6 / Math.max(1, result.acked())));
        return result.errors() == 0 && result.streamFailures() == 0;
    }

    private static boolean report(LoadOptions options, UnaryRateLoad.Result result) {
        Histogram h = result.latencies();
        System.out.println(String.format(Locale.ROOT,
                "mode=unary-rate rate=%d seconds=%.1f sent=%d ok=%d errors=%d unanswered=%d"
                        + " p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f max_send_lag_ms=%.2f"
                        + " client_cpu_s=%.1f slow_seconds(second:over_10ms/max_ms)=%s",
                options.rate(), result.seconds(), result.sent(), result.ok(), result.errors(),
                result.unanswered(), millis(h.getValueAtPercentile(50)),
                millis(h.getValueAtPercentile(99)), millis(h.getValueAtPercentile(99.9)),
                millis(h.getMaxValue()), millis(result.maxSendLagNanos()), cpuSeconds(),
                result.slowSeconds()));
        return result.errors() == 0 && result.unanswered() == 0;
    }

    /**
     * CPU time of this process so far (JVM start and JIT included): the generator shares the
     * cores with what it measures.
     */
    static double cpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis() / 1e3).orElse(-1.0);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
