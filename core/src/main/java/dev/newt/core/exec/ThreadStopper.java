package dev.newt.core.exec;

import java.util.ArrayList;
import java.util.List;

/** Stops threads within a bound: join, then interrupt and join again; reports what would not stop. */
final class ThreadStopper {
    private static final long JOIN_MILLIS = 2_000;

    private ThreadStopper() {
    }

    /**
     * Waits for threads already told to stop (their run flag cleared, their park ended).
     *
     * @param threads the threads
     * @return the names of those still alive after the bounded joins and an interrupt
     */
    static List<String> awaitAll(final List<Thread> threads) {
        final List<String> alive = new ArrayList<>();
        for (Thread t : threads) {
            if (!join(t)) {
                t.interrupt();
                if (!join(t)) {
                    alive.add(t.getName());
                }
            }
        }
        return alive;
    }

    private static boolean join(final Thread t) {
        try {
            t.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }
}
