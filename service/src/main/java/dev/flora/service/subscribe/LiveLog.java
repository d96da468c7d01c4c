package dev.flora.service.subscribe;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The most recent committed entries, in index order, in a bounded ring shared by all live
 * subscribers: each entry is held once, however many subscribers read it.
 *
 * <p>Invariants: the log holds the contiguous indexes {@code [first(), next())}, at most
 * {@code capacity} of them; it only grows at the end, and drops from the front when full. A
 * subscriber whose position falls below {@code first()} has fallen behind and must read from
 * storage. Listeners are woken once per appended batch, not per entry.
 *
 * <p>Subscribers that receive every entry at the same position need the same message; {@link
 * #message} builds it once and hands every one of them the same bytes.
 */
public final class LiveLog {

    /** What {@link #message} returns to a caller whose position is no longer held. */
    public static final EncodedResponse FELL_BEHIND = EncodedResponse.of(
            dev.flora.api.ledger.v1.SubscribeResponse.getDefaultInstance());

    /** Shared messages, by start index modulo this (a power of two). */
    private static final int SHARED = 256;

    private final LiveEntry[] ring;
    private final AtomicReferenceArray<Shared> shared = new AtomicReferenceArray<>(SHARED);
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
        Arrays.fill(ring, null);
        for (int i = 0; i < SHARED; i++) {
            shared.set(i, null);
        }
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
     * Up to {@code max} entries from index {@code from} on: empty when {@code from} is at or
     * beyond {@link #next()}, null when {@code from < first()} (the caller fell behind).
     */
    public synchronized List<LiveEntry> read(long from, int max) {
        if (from < first) {
            return null;
        }
        int n = (int) Math.max(0, Math.min(next, from + max) - from);
        LiveEntry[] entries = new LiveEntry[n];
        for (int i = 0; i < n; i++) {
            entries[i] = ring[(int) ((from + i) % ring.length)];
        }
        return Arrays.asList(entries);
    }

    /**
     * The message of the entries from {@code from} on (at most {@code max}), for subscribers that
     * receive every entry: null when there is nothing new, {@link #FELL_BEHIND} when {@code from
     * < first()}.
     *
     * <p>The first caller at {@code from} builds the message of every entry held from there; later
     * callers at {@code from} get that same message (even if more entries arrived since: they
     * ask again from its end), so subscribers keep sharing one chain of messages instead of
     * splitting into groups that were woken at different moments.
     */
    public EncodedResponse message(long from, int max) {
        int slot = (int) (from & (SHARED - 1));
        List<LiveEntry> entries;
        synchronized (this) {
            if (from < first) {
                return FELL_BEHIND;
            }
            long end = Math.min(next, from + max);
            if (end <= from) {
                return null;
            }
            Shared hit = shared.get(slot);
            if (hit != null && hit.from == from && hit.count <= max) {
                return hit.message;
            }
            entries = read(from, max);
        }
        EncodedResponse message = EncodedResponse.entries(from + entries.size() - 1, entries);
        shared.set(slot, new Shared(from, entries.size(), message));
        return message;
    }

    private record Shared(long from, int count, EncodedResponse message) {
    }

    /** Registers a listener woken after every batch appended. */
    public void listen(Runnable listener) {
        listeners.add(listener);
    }

    public void unlisten(Runnable listener) {
        listeners.remove(listener);
    }
}
