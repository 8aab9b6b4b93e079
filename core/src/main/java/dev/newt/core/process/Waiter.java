package dev.newt.core.process;

import java.util.concurrent.locks.LockSupport;

/**
 * Waiting for the other process's next record: spin briefly (an answer usually comes within
 * microseconds), then yield, then park for growing intervals up to 200 us, so that an idle child
 * costs little CPU on a loaded machine.
 */
final class Waiter {
    private int idle;

    /** Starts a new wait. */
    void reset() {
        idle = 0;
    }

    /** @return whether this idle round parked (a good moment for slower checks) */
    boolean idle() {
        final int n = ++idle;
        if (n < 200) {
            Thread.onSpinWait();
            return false;
        }
        if (n < 300) {
            Thread.yield();
            return false;
        }
        LockSupport.parkNanos(Math.min(200_000L, 1_000L << Math.min(n - 300, 8)));
        return true;
    }
}
