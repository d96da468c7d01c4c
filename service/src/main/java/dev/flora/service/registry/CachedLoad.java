package dev.flora.service.registry;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A value loaded asynchronously, shared by all callers while it is younger than {@code maxAge},
 * then loaded again. A failed load is never cached: the next call tries again (a database that
 * was down at start must not leave the service broken).
 */
final class CachedLoad<T> {

    private record Load<T>(long startedAt, Uni<T> value) {
    }

    private final Supplier<Uni<T>> loader;
    private final long maxAgeNanos;
    private final AtomicReference<Load<T>> current = new AtomicReference<>();

    CachedLoad(Supplier<Uni<T>> loader, Duration maxAge) {
        this.loader = loader;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** The cached value, loading it first if there is none or it is too old. */
    Uni<T> get() {
        long now = System.nanoTime();
        Load<T> load = current.get();
        if (load == null || now - load.startedAt() > maxAgeNanos) {
            Load<T> fresh = new Load<>(now, loader.get().memoize().indefinitely());
            load = current.compareAndSet(load, fresh) ? fresh : current.get();
        }
        Load<T> used = load;
        return used.value().onFailure().invoke(() -> current.compareAndSet(used, null));
    }
}
