package dev.flora.service.append;

import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How an append transaction runs on one connection: in one round trip when it is a single
 * statement ({@link LedgerWrites#storeAt}), else in two: BEGIN pipelined with the reads
 * ({@link #begin}), COMMIT with the writes ({@link LedgerWrites#store}), instead of a round trip
 * each; and how its failures are told apart.
 */
final class Transactions {

    static final String UNIQUE_VIOLATION = "23505";
    /** PostgreSQL broke a deadlock by failing this transaction. */
    static final String DEADLOCK = "40P01";

    private Transactions() {
    }

    /** The pipelined writes or COMMIT failed: the transaction has ended, committed or not. */
    static final class WritesFailed extends RuntimeException {
        WritesFailed(Throwable cause) {
            super("the writes or the COMMIT of an append batch failed", cause);
        }
    }

    /**
     * Runs {@code work} on one connection as one transaction. {@code work} MUST either send
     * {@link #begin} first and end with the writes and COMMIT, or send one statement that writes
     * outside a transaction block ({@link LedgerWrites#storeAt}), turning the writes' failure into
     * {@link WritesFailed}: if a write fails, PostgreSQL answers the pipelined COMMIT by rolling
     * back; if anything fails before, the transaction is rolled back here. A connection found
     * found closed or reset before any write was sent is replaced, up to three times, after
     * 10-100 ms: the pool may hand out a connection whose server process has just been
     * terminated, even twice, until it has seen the socket close; the first statement sent on
     * it then fails with {@link ClosedConnectionException} or, when the server's end answered
     * with a reset, with the socket's {@link IOException}.
     */
    static <T> Uni<T> run(Pool pool, Function<SqlConnection, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> pool.withConnection(conn -> work.apply(conn)
                .onFailure(failure -> !(failure instanceof WritesFailed))
                .call(() -> conn.query("rollback").execute().onFailure().recoverWithNull())))
                .onFailure(Transactions::closedBeforeWrites).retry()
                .withBackOff(Duration.ofMillis(10), Duration.ofMillis(100)).atMost(3);
    }

    private static boolean closedBeforeWrites(Throwable failure) {
        return !(failure instanceof WritesFailed) && connectionLost(failure);
    }

    /** Whether {@code failure} comes from a connection found closed or reset. */
    static boolean connectionLost(Throwable failure) {
        return causedBy(failure, t -> t instanceof ClosedConnectionException
                || t instanceof IOException);
    }

    /** Starts the transaction; MUST be sent before the reads, in the same pipeline. */
    static Uni<Void> begin(SqlConnection conn) {
        return conn.query("begin").execute().replaceWithVoid();
    }

    /** Whether PostgreSQL failed a statement of {@code failure} with {@code sqlState}. */
    static boolean hasSqlState(Throwable failure, String sqlState) {
        return causedBy(failure, t -> t instanceof PgException pg
                && sqlState.equals(pg.getSqlState()));
    }

    /** Whether {@code failure}, a cause of it, or one of a composite's failures is {@code what}. */
    private static boolean causedBy(Throwable failure, Predicate<Throwable> what) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (what.test(t)) {
                return true;
            }
            if (t instanceof CompositeException composite) {
                return composite.getCauses().stream().anyMatch(c -> causedBy(c, what));
            }
        }
        return false;
    }
}
