package dev.flora.bench.load;

import dev.flora.api.ledger.v1.SubscribeRequest;
import io.grpc.ClientCall;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Catch-up replay: one subscription from the beginning, timed from the call's start until its
 * resume_after_index reaches the last index committed before it started. The subscriber MUST
 * receive entries 0..last in order, each once. Prints one line.
 */
final class ReplayRun {

    private ReplayRun() {
    }

    static boolean run(SubscribeOptions o, Connections connections) throws InterruptedException {
        long last = connections.ledgerSize(o.timeoutSeconds()) - 1;
        Subscriber s = new Subscriber(null);
        long start = System.nanoTime();
        ClientCall<SubscribeRequest, Delivery> call = Connections.subscribe(
                connections.open(Connections.READER), Connections.beginning(), o.maxPerMessage(), s);
        long deadline = start + TimeUnit.SECONDS.toNanos(o.timeoutSeconds());
        long end;
        while ((end = System.nanoTime()) < deadline && s.failure() == null && s.resumeAfter() < last) {
            TimeUnit.MICROSECONDS.sleep(200);
        }
        Throwable failure = s.failure();
        Subscriber.Tally t = s.tally();
        call.cancel("replay done", null);
        double seconds = (end - start) / 1e9;
        boolean ok = failure == null && t.gaps() == 0 && t.firstIndex() == 0 && t.lastIndex() >= last
                && t.entries() == t.lastIndex() + 1;
        System.out.println(String.format(Locale.ROOT,
                "mode=replay last_index=%d entries=%d first_index=%d gaps=%d seconds=%.3f entries_per_s=%.0f"
                        + " caught_up_after_s=%.3f max_per_message=%d ok=%s client_cpu_s=%.1f",
                last, t.entries(), t.firstIndex(), t.gaps(), seconds, (last + 1) / seconds,
                s.caughtUpNanos() == 0 ? -1 : (s.caughtUpNanos() - start) / 1e9, o.maxPerMessage(), ok,
                SubscribeBench.cpuSeconds()));
        if (failure != null) {
            System.err.println("replay failed: " + failure);
        }
        return ok;
    }
}
