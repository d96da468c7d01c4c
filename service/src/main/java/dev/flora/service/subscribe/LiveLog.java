package dev.flora.service.subscribe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The most recent committed entries, in index order, in a bounded ring shared by all live
 * subscribers: each entry is held once, however many subscribers read it.
 *
 * <p>Invariants: the log holds the contiguous indexes {@code [first(), next())}, at most
 * {@code capacity} of them; it only grows at the end, and drops from the front when full. A
 * subscriber whose position falls below {@code first()} has fallen behind and must read from
 * storage. Listeners are woken once per appended batch, not per entry.
 */
public final class LiveLog {

    private final LiveEntry[] ring;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private long first;
    private long next;

    public LiveLog(int capacity, long start) {
        if (capacity < 1) {
            throw new IllegalArgumentException("live log capacity " + capacity + " < 1");
        }
        this.ring = new LiveEntry[capacity];
        this.first = start;
        this.next = start;
    }

    /** The lowest index held. */
    public synchronized long first() {
        return first;
    }

    /** One past the highest index held: the next index the log expects. */
    public synchronized long next() {
        return next;
    }

    /** Empties the log and makes {@code start} the next index it expects. */
    public synchronized void reset(long start) {
        java.util.Arrays.fill(ring, null);
        first = start;
        next = start;
    }

    /**
     * Appends entries that continue the log; entries it already holds are skipped.
     *
     * @return false if the entries start after {@link #next()} (a gap: nothing was appended)
     */
    public boolean append(List<LiveEntry> entries) {
        boolean grew = false;
        synchronized (this) {
            for (LiveEntry entry : entries) {
                if (entry.index() < next) {
                    continue;
                }
                if (entry.index() > next) {
                    return wake(grew, false);
                }
                ring[(int) (next % ring.length)] = entry;
                next++;
                if (next - first > ring.length) {
                    first = next - ring.length;
                }
                grew = true;
            }
        }
        return wake(grew, true);
    }

    private boolean wake(boolean grew, boolean result) {
        if (grew) {
            listeners.forEach(Runnable::run);
        }
        return result;
    }

    /**
     * Up to {@code max} entries from index {@code from} on, or an empty list when {@code from}
     * is at or beyond {@link #next()}.
     *
     * @throws IllegalArgumentException when {@code from < first()} (the caller fell behind)
     */
    public synchronized List<LiveEntry> read(long from, int max) {
        if (from < first) {
            throw new IllegalArgumentException("index " + from + " is no longer held (first "
                    + first + ")");
        }
        long end = Math.min(next, from + max);
        List<LiveEntry> entries = new ArrayList<>((int) Math.max(0, end - from));
        for (long i = from; i < end; i++) {
            entries.add(ring[(int) (i % ring.length)]);
        }
        return entries;
    }

    /** Registers a listener woken after every batch appended. */
    public void listen(Runnable listener) {
        listeners.add(listener);
    }

    public void unlisten(Runnable listener) {
        listeners.remove(listener);
    }
}
