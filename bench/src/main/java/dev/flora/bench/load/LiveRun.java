package dev.flora.bench.load;

import io.grpc.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Live fan-out: {@code subscribers} subscriptions "from now" (the reader sees every entry) over
 * {@code channels} connections, then a paced appender; afterwards every subscriber MUST have
 * received every appended entry, in order, without gap or duplicate. Prints one line.
 */
final class LiveRun {

    private LiveRun() {
    }

    /** Returns true if every append succeeded and every subscriber got every entry. */
    static boolean run(SubscribeOptions o, Connections connections, String runId) throws InterruptedException {
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < o.channels(); i++) {
            channels.add(connections.open(Connections.READER));
        }
        AppendRequests requests = new AppendRequests(runId, java.time.Instant.now());
        int capacity = o.rate() * (o.warmupSeconds() + o.seconds()) + o.appendBatch();
        Subscriber.SendTimes times = new Subscriber.SendTimes("req-" + runId + "-", capacity);
        List<Subscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < o.subscribers(); i++) {
            Subscriber s = new Subscriber(times);
            subscribers.add(s);
            Connections.subscribe(channels.get(i % channels.size()), Connections.now(), o.maxPerMessage(), s);
        }
        for (Subscriber s : subscribers) {
            if (!s.caughtUp().await(o.timeoutSeconds(), TimeUnit.SECONDS) || s.failure() != null) {
                System.err.println("a subscriber did not catch up: " + s.failure());
                return false;
            }
        }
        PacedAppender.Result appended = PacedAppender.run(connections.appenders(o.appendStreams()),
                requests, times, o);
        long waitStart = System.nanoTime();
        long deadline = waitStart + TimeUnit.SECONDS.toNanos(o.timeoutSeconds());
        for (Subscriber s : subscribers) {
            while (s.lastIndex() < appended.lastIndex() && s.failure() == null && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(1);
            }
        }
        double drainSeconds = (System.nanoTime() - waitStart) / 1e9;
        return report(o, appended, subscribers, drainSeconds);
    }

    private static boolean report(SubscribeOptions o, PacedAppender.Result appended,
            List<Subscriber> subscribers, double drainSeconds) {
        Histogram all = new Histogram(600_000_000_000L, 3);
        int complete = 0;
        long minEntries = Long.MAX_VALUE;
        long maxEntries = 0;
        long gaps = 0;
        long fellBehind = 0;
        long failed = 0;
        for (Subscriber s : subscribers) {
            Subscriber.Tally t = s.tally();
            all.add(t.latencies());
            minEntries = Math.min(minEntries, t.entries());
            maxEntries = Math.max(maxEntries, t.entries());
            gaps += t.gaps();
            fellBehind += t.fellBehind();
            failed += s.failure() == null ? 0 : 1;
            if (t.gaps() == 0 && t.entries() == appended.acked() && t.ours() == appended.acked()
                    && t.firstIndex() == appended.firstIndex() && t.lastIndex() == appended.lastIndex()) {
                complete++;
            }
        }
        System.out.println(String.format(Locale.ROOT,
                "mode=live subscribers=%d channels=%d rate=%d append_batch=%d warmup_s=%d seconds=%d"
                        + " sent=%d acked=%d errors=%d stream_failures=%d first_index=%d last_index=%d"
                        + " subscribers_complete=%d min_entries=%d max_entries=%d gaps=%d fell_behind=%d"
                        + " subscriber_failures=%d drain_s=%.2f latencies=%d p50_ms=%.2f p99_ms=%.2f"
                        + " p999_ms=%.2f max_ms=%.2f max_send_lag_ms=%.2f client_cpu_s=%.1f",
                o.subscribers(), o.channels(), o.rate(), o.appendBatch(), o.warmupSeconds(), o.seconds(),
                appended.sent(), appended.acked(), appended.errors(), appended.streamFailures(),
                appended.firstIndex(), appended.lastIndex(), complete, minEntries, maxEntries, gaps,
                fellBehind, failed, drainSeconds, all.getTotalCount(), ms(all.getValueAtPercentile(50)),
                ms(all.getValueAtPercentile(99)), ms(all.getValueAtPercentile(99.9)), ms(all.getMaxValue()),
                ms(appended.maxSendLagNanos()), SubscribeBench.cpuSeconds()));
        return appended.errors() == 0 && appended.acked() == appended.sent() && complete == subscribers.size();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
