package dev.newt.core.store;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** A state store in the runtime's memory, which outlives every server incarnation. */
public final class InMemoryStateStore implements StateStore {
    private final ConcurrentMap<String, Checkpoint> latest = new ConcurrentHashMap<>();
    private final LongAdder puts = new LongAdder();

    @Override
    public boolean put(final Checkpoint checkpoint) {
        final boolean[] kept = {false};
        latest.compute(checkpoint.server(), (k, old) -> {
            if (old != null && old.epoch() > checkpoint.epoch()) {
                return old;
            }
            kept[0] = true;
            return checkpoint;
        });
        if (kept[0]) {
            puts.increment();
        }
        return kept[0];
    }

    @Override
    public Optional<Checkpoint> latest(final String server) {
        return Optional.ofNullable(latest.get(server));
    }

    @Override
    public long puts() {
        return puts.sum();
    }
}
