package dev.newt.core.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The start time of the handler a slot's worker is running, read by the supervisor's watchdog.
 * The supervisor revokes a hung handler only by swapping its exact start time for {@code REVOKED}
 * with a CAS; the stuck worker, when the handler returns, finds {@code REVOKED} and retires while
 * its successor serves the mailbox, so two workers never consume one mailbox together.
 */
final class HangWatch {
    private static final long IDLE = -1;
    private static final long REVOKED = -2;
    private final AtomicLong busySince = new AtomicLong(IDLE);

    /**
     * A handler starts at {@code clock}; on the worker. A release store, not a volatile one (no
     * fence per message): the supervisor may see the stamp a moment late, which only delays a
     * revocation, while {@link #leave}'s atomic swap still decides whether one happened.
     */
    void enter(final long clock) {
        busySince.lazySet(clock);
    }

    /** @return false when the handler was revoked meanwhile: the worker must retire */
    boolean leave() {
        return busySince.getAndSet(IDLE) != REVOKED;
    }

    /** @return whether the handler that started at {@code start} still ran and is now revoked */
    boolean revoke(final long start) {
        return busySince.compareAndSet(start, REVOKED);
    }

    /** @return start time of the running handler, or negative when none runs */
    long busySince() {
        return busySince.get();
    }

    /** No handler runs: a new incarnation starts. */
    void reset() {
        busySince.set(IDLE);
    }
}
