package dev.newt.core.store;

import java.util.Optional;

/**
 * MINIX's data store: keeps the latest checkpoint of each server, outside the servers. Thread-safe.
 */
public interface StateStore {

    /**
     * Keeps {@code checkpoint} as the server's latest unless the store already holds one from a
     * newer incarnation: a revoked incarnation can never overwrite its successor's state.
     *
     * @param checkpoint to keep
     * @return whether it was kept
     */
    boolean put(Checkpoint checkpoint);

    /** @param server name @return its latest checkpoint, if any */
    Optional<Checkpoint> latest(String server);

    /** @return checkpoints kept since the store was made, all servers together */
    long puts();
}
