package dev.flora.bench.load;

import dev.flora.api.ledger.v1.AppendResponse;
import dev.flora.api.ledger.v1.LedgerServiceGrpc;
import io.grpc.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Idle subscribers: opens subscriptions "from now" in steps until the last step, an error, or a
 * step whose subscriptions do not all catch up in time; after each step prints the service's
 * memory (VmRSS; heap after a full GC via jcmd) and its CPU while the subscribers sit idle. Then
 * appends one entry, which every open subscriber MUST receive. Prints one line per step and a
 * final one.
 */
final class IdleRun {
    private static final int IDLE_CPU_SECONDS = 5;

    private IdleRun() {
    }

    static boolean run(SubscribeOptions o, Connections connections) throws InterruptedException {
        List<Subscriber> open = new ArrayList<>();
        Channel channel = null;
        boolean stepsOk = true;
        for (int step : o.steps()) {
            long start = System.nanoTime();
            while (open.size() < step) {
                if (open.size() % o.perChannel() == 0) {
                    channel = connections.open(Connections.READER);
                }
                Subscriber s = new Subscriber(null);
                Connections.subscribe(channel, Connections.now(), o.maxPerMessage(), s);
                open.add(s);
            }
            long caughtUp = awaitCaughtUp(open, start + TimeUnit.SECONDS.toNanos(o.timeoutSeconds()));
            double openSeconds = (System.nanoTime() - start) / 1e9;
            long failed = open.stream().filter(s -> s.failure() != null).count();
            System.out.println(String.format(Locale.ROOT,
                    "mode=idle-step subscriptions=%d channels=%d caught_up=%d failed=%d open_s=%.2f %s",
                    open.size(), (open.size() + o.perChannel() - 1) / o.perChannel(), caughtUp, failed,
                    openSeconds, ServiceProcess.describe(o.servicePid(), IDLE_CPU_SECONDS)));
            if (failed > 0 || caughtUp < open.size()) {
                open.stream().map(Subscriber::failure).filter(f -> f != null).limit(3)
                        .forEach(f -> System.err.println("subscription failed: " + f));
                stepsOk = false;
                break;
            }
        }
        return deliverOne(o, connections, open) && stepsOk;
    }

    private static long awaitCaughtUp(List<Subscriber> subscribers, long deadline) throws InterruptedException {
        long caughtUp = 0;
        for (Subscriber s : subscribers) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (s.caughtUp().await(left, TimeUnit.NANOSECONDS) && s.failure() == null) {
                caughtUp++;
            }
        }
        return caughtUp;
    }

    /** Appends one entry and waits (bounded) until every live subscriber has it. */
    private static boolean deliverOne(SubscribeOptions o, Connections connections, List<Subscriber> open)
            throws InterruptedException {
        AppendRequests requests = new AppendRequests("idle" + Long.toString(System.currentTimeMillis(), 36),
                java.time.Instant.now());
        long start = System.nanoTime();
        AppendResponse appended = LedgerServiceGrpc.newBlockingStub(connections.open(Connections.WRITER))
                .withDeadlineAfter(o.timeoutSeconds(), TimeUnit.SECONDS).append(requests.next());
        long committed = System.nanoTime();
        long deadline = committed + TimeUnit.SECONDS.toNanos(o.timeoutSeconds());
        long received = 0;
        long alive = 0;
        for (Subscriber s : open) {
            if (s.failure() != null) {
                continue;
            }
            alive++;
            while (s.lastIndex() < appended.getIndex() && s.failure() == null && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(1);
            }
            received += s.lastIndex() == appended.getIndex() ? 1 : 0;
        }
        System.out.println(String.format(Locale.ROOT,
                "mode=idle subscriptions=%d alive=%d index=%d received=%d append_ms=%.1f"
                        + " all_received_after_commit_ms=%.1f",
                open.size(), alive, appended.getIndex(), received, (committed - start) / 1e6,
                (System.nanoTime() - committed) / 1e6));
        return received == open.size();
    }
}
