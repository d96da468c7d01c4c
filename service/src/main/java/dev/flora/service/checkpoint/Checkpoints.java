package dev.flora.service.checkpoint;

import dev.flora.ledger.checkpoint.Checkpoint;
import dev.flora.ledger.hash.Digest;
import dev.flora.ledger.merkle.CompactRange;
import dev.flora.service.error.FloraException;
import dev.flora.service.error.Reason;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Signs a checkpoint whenever the tree has grown, at most once per {@code
 * flora.checkpoint.interval}, and stores it. Any replica may sign; a size signed twice (two
 * replicas at once) is stored once ({@code on conflict do nothing}), and since every replica
 * signs the same root with the same key the notes are interchangeable.
 */
@ApplicationScoped
public class Checkpoints {

    private static final Logger LOG = Logger.getLogger(Checkpoints.class);
    private static final String READ_HEAD = "select compact_range from ledger_head where id = 1";
    private static final String LATEST = "select tree_size, root_hash, signed_note from checkpoint"
            + " order by tree_size desc limit 1";
    private static final String INSERT = "insert into checkpoint (tree_size, root_hash,"
            + " signed_note) values ($1, $2, $3) on conflict (tree_size) do nothing";

    private final Pool pool;
    private final SigningKey key;
    private final Vertx vertx;
    private final String origin;
    private final Duration interval;
    private final AtomicBoolean publishing = new AtomicBoolean();
    private long timer = -1;

    @Inject
    public Checkpoints(Pool pool, SigningKey key, Vertx vertx,
            @ConfigProperty(name = "flora.checkpoint.origin") String origin,
            @ConfigProperty(name = "flora.checkpoint.interval", defaultValue = "PT1S")
            Duration interval) {
        this.pool = pool;
        this.key = key;
        this.vertx = vertx;
        this.origin = origin;
        this.interval = interval;
    }

    void start(@Observes StartupEvent start) {
        timer = vertx.setPeriodic(1, Math.max(1, interval.toMillis()), id -> tick());
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The checkpoint origin line of this ledger. */
    public String origin() {
        return origin;
    }

    /** The verifier key (vkey text) of the signing key. */
    public String verifierKey() {
        return key.signer().verifierKey();
    }

    /** The latest stored checkpoint; fails with NO_CHECKPOINT before the first. */
    public Uni<StoredCheckpoint> latest() {
        return pool.preparedQuery(LATEST).execute().map(rows -> {
            if (!rows.iterator().hasNext()) {
                throw FloraException.of(Reason.NO_CHECKPOINT, "no checkpoint has been signed yet;"
                        + " retry in " + interval.toMillis() + " ms");
            }
            Row row = rows.iterator().next();
            return new StoredCheckpoint(row.getLong(0), Digest.of(row.getBuffer(1).getBytes()),
                    row.getString(2));
        });
    }

    /**
     * Signs and stores a checkpoint of the current tree if it is larger than the latest one.
     *
     * @return the new checkpoint, or empty when the tree has not grown
     */
    public Uni<Optional<StoredCheckpoint>> publish() {
        return pool.preparedQuery(READ_HEAD).execute()
                .map(rows -> CompactRange.fromBytes(rows.iterator().next().getBuffer(0).getBytes()))
                .flatMap(tree -> latestSize().flatMap(latest -> tree.size() > latest
                        ? store(tree) : Uni.createFrom().item(Optional.empty())));
    }

    private Uni<Long> latestSize() {
        return pool.preparedQuery("select coalesce(max(tree_size), -1) from checkpoint")
                .execute().map(rows -> rows.iterator().next().getLong(0));
    }

    private Uni<Optional<StoredCheckpoint>> store(CompactRange tree) {
        Digest root = tree.root();
        String note = key.signer().sign(Checkpoint.of(origin, tree.size(), root).toBody())
                .format();
        StoredCheckpoint signed = new StoredCheckpoint(tree.size(), root, note);
        return pool.preparedQuery(INSERT)
                .execute(Tuple.of(tree.size(), Buffer.buffer(root.toByteArray()), note))
                .map(ignored -> Optional.of(signed));
    }

    private void tick() {
        if (!publishing.compareAndSet(false, true)) {
            return;
        }
        publish().subscribe().with(ignored -> publishing.set(false), failure -> {
            publishing.set(false);
            LOG.warnf("checkpoint signing failed, will retry: %s", failure.toString());
        });
    }
}
