package dev.newt.bench;

import dev.newt.core.exec.ThreadedExecutor;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.runtime.ServerState;
import dev.newt.core.runtime.ServerStatus;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * What the message-hop benchmarks share: the capacity, the payloads, the server settings, the
 * spinning threads of the raw-queue baselines and bounded waits that fail loudly instead of hanging
 * a benchmark when something went wrong.
 */
final class Hop {
    /** Capacity of the runtime's mailbox and of both raw queues. */
    static final int CAPACITY = 1024;
    /** Messages per throughput invocation. */
    static final int THROUGHPUT_BATCH = 1000;
    /** Round trips per round-trip invocation. */
    static final int ROUND_TRIP_BATCH = 10_000;
    /** The one-way message and the request; the same object every time, in every benchmark. */
    static final Object PING = "ping";
    /** The reply. */
    static final Object PONG = "pong";

    private static final long WAIT_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(20);

    private Hop() {
    }

    /** A stateless server's state: nothing to checkpoint but the start checkpoint. */
    public static final class NoState {
    }

    /**
     * A benchmark server: mailbox of {@link #CAPACITY}, checkpoints only on request (so only the
     * start checkpoint is taken), fresh recovery, no hang deadline (so no hang scan and no
     * per-message busy stamp).
     */
    static <S> ServerSpec<S> spec(final String name, final Class<S> type, final Supplier<? extends Server<S>> factory,
                                  final Supplier<S> initial) {
        return ServerSpec.of(name, type, factory, initial)
            .withCheckpoints(CheckpointPolicy.ON_REQUEST)
            .withRecovery(RecoveryPolicy.FRESH)
            .withMailboxCapacity(CAPACITY);
    }

    /** Starts the runtime and waits until every server runs. */
    static void start(final NewtRuntime rt) {
        rt.start();
        final long deadline = System.nanoTime() + WAIT_LIMIT_NANOS;
        while (!rt.statuses().stream().allMatch(s -> s.state() == ServerState.RUNNING)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("servers did not start: " + rt.statuses());
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    /** Checks that no server failed or dropped anything, then closes the runtime and checks its threads stopped. */
    static void close(final NewtRuntime rt) {
        final List<ServerStatus> statuses = rt.statuses();
        rt.close();
        final List<String> unstopped = ((ThreadedExecutor) rt.executor()).unstoppedThreads();
        if (!unstopped.isEmpty()) {
            throw new IllegalStateException("runtime threads did not stop: " + unstopped);
        }
        for (ServerStatus s : statuses) {
            if (s.state() != ServerState.RUNNING || s.restarts() != 0 || s.rejectedSends() != 0) {
                throw new IllegalStateException("a server misbehaved during the benchmark: " + s);
            }
        }
    }

    /** Spins until {@code counter} reaches {@code target}; fails after 20 s. */
    static void spinUntil(final AtomicLong counter, final long target, final Supplier<String> diagnosis) {
        int spins = 0;
        long deadline = 0;
        while (counter.get() < target) {
            Thread.onSpinWait();
            if ((++spins & 0xFFFF) == 0) {
                final long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + WAIT_LIMIT_NANOS;
                } else if (now > deadline) {
                    throw new IllegalStateException("stuck at " + counter.get() + " of " + target + ": "
                        + diagnosis.get());
                }
            }
        }
    }

    /** Counts one message; single writer, so a plain read and a release store suffice. */
    static void count(final AtomicLong counter) {
        counter.setRelease(counter.getPlain() + 1);
    }

    /**
     * Where a batch of round trips reports completion to the parked benchmark thread. The benchmark
     * thread parks (it is not one of the two busy threads) and is unparked once per batch.
     */
    static final class BatchSignal {
        private volatile long completed;
        private volatile Thread waiter;

        /** @param total round trips completed so far, over all batches */
        void complete(final long total) {
            completed = total;
            final Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }

        void await(final long total, final Supplier<String> diagnosis) {
            if (waiter != Thread.currentThread()) {
                waiter = Thread.currentThread();
            }
            final long deadline = System.nanoTime() + WAIT_LIMIT_NANOS;
            while (completed < total) {
                LockSupport.parkNanos(this, 100_000_000L);
                if (completed < total && System.nanoTime() > deadline) {
                    throw new IllegalStateException("stuck at " + completed + " of " + total + " round trips: "
                        + diagnosis.get());
                }
            }
        }

        long completed() {
            return completed;
        }
    }

    /** The busy threads of a raw-queue baseline: started at setup, stopped and joined at teardown. */
    static final class Threads {
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running = true;

        boolean running() {
            return running;
        }

        void start(final String name, final Runnable body) {
            final Thread t = new Thread(body, name);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }

        void stop() {
            running = false;
            for (Thread t : threads) {
                try {
                    t.join(TimeUnit.SECONDS.toMillis(2));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (t.isAlive()) {
                    throw new IllegalStateException("baseline thread did not stop: " + t.getName());
                }
            }
        }
    }
}
