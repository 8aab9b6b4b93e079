package dev.newt.serve;

import dev.newt.core.runtime.NewtRuntime;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a started runtime until closed and is the one door through which the control API touches
 * it. The simulated executor is single-threaded, so on it every call is queued and run by the
 * driver thread between slices of virtual time, paced to the wall clock; the threaded executor is
 * thread-safe, so there a call runs on the caller's thread.
 */
final class RuntimeDriver implements AutoCloseable {
    /** Virtual time run per slice: small enough for a responsive API, large enough to keep up. */
    private static final Duration SLICE = Duration.ofMillis(5);

    private final NewtRuntime runtime;
    private final ConcurrentLinkedQueue<Runnable> calls = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    /** Whether {@link #close()} closes the runtime: not one that was started, and is owned, by another. */
    private final boolean owned;

    RuntimeDriver(final NewtRuntime runtime) {
        this(runtime, true);
    }

    private RuntimeDriver(final NewtRuntime runtime, final boolean owned) {
        this.runtime = runtime;
        this.owned = owned;
        this.thread = runtime.simulated() ? new Thread(this::simulate, "newt-serve-simulation") : null;
    }

    /**
     * @param runtime a threaded runtime, started, that its owner closes
     * @return a driver that passes calls through to it
     */
    static RuntimeDriver started(final NewtRuntime runtime) {
        if (runtime.simulated()) {
            throw new IllegalArgumentException("a started simulation has no driver to pace it");
        }
        return new RuntimeDriver(runtime, false);
    }

    /** Starts the runtime (and the driver thread for a simulation). */
    void start() {
        if (thread == null) {
            runtime.start();
        } else {
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void simulate() {
        runtime.start();
        final long wallStart = System.nanoTime();
        final long virtualStart = runtime.now();
        while (running) {
            drainCalls();
            runtime.runFor(SLICE);
            // Real-time pace: wait until the wall clock has caught up with the virtual one.
            final long ahead = (runtime.now() - virtualStart) - (System.nanoTime() - wallStart);
            if (ahead > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(ahead);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
        drainCalls();
    }

    private void drainCalls() {
        Runnable r;
        while ((r = calls.poll()) != null) {
            r.run();
        }
    }

    /**
     * @param call what to do with the runtime
     * @param <T>  its result
     * @return its result, or its exception, once run on the runtime's side
     */
    <T> CompletableFuture<T> call(final Supplier<T> call) {
        final CompletableFuture<T> f = new CompletableFuture<>();
        final Runnable r = () -> {
            try {
                f.complete(call.get());
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
            }
        };
        if (thread == null) {
            r.run();
        } else if (!running) {
            f.completeExceptionally(new IllegalStateException("the system is stopped"));
        } else {
            calls.add(r);
        }
        return f;
    }

    /** Stops the simulation thread (bounded wait) and closes the runtime. */
    @Override
    public void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (owned) {
            runtime.close();
        }
    }
}
