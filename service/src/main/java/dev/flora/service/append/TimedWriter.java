package dev.flora.service.append;

import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** Records how long each batch takes from start to commit. */
final class TimedWriter implements GroupCommitter.Batches {

    private final GroupCommitter.Batches delegate;
    private final Timer timer;

    TimedWriter(GroupCommitter.Batches delegate, Timer timer) {
        this.delegate = delegate;
        this.timer = timer;
    }

    @Override
    public Uni<BatchPlan> write(List<AppendCommand> commands,
            GroupCommitter.Predecessor predecessor, GroupCommitter.Progress progress) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start();
            return delegate.write(commands, predecessor, progress)
                    .invoke(plan -> sample.stop(timer));
        });
    }
}
