package dev.newt.core.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * What the executors on real threads share: the monotonic clock, the {@link SystemThread} that
 * fires timers and runs the supervisor, the run flag, and a bounded close that reports the threads
 * it could not stop.
 */
abstract class RealTimeExecutor extends AbstractExecutor {
    /** Most messages a worker handles for one server before it looks around again. */
    static final int BATCH = 64;

    final Supplier<IdleStrategy> idleStrategies;
    private final long startNanos = System.nanoTime();
    private final List<String> unstopped = new ArrayList<>();
    volatile boolean running;
    private SystemThread system;

    RealTimeExecutor(final Supplier<IdleStrategy> idleStrategies, final ErrorHandler errors) {
        super(errors);
        this.idleStrategies = Objects.requireNonNull(idleStrategies, "idleStrategies");
    }

    /** Starts the server workers; the system thread already runs. */
    abstract void startWorkers(List<? extends Agent> servers);

    /** @return every worker thread started so far, stuck ones included */
    abstract List<Thread> workerThreads();

    /** Runs after every thread stopped or the bound passed; nothing by default. */
    void afterStop() {
    }

    @Override
    final long nanoTime() {
        return System.nanoTime() - startNanos;
    }

    @Override
    public boolean simulated() {
        return false;
    }

    @Override
    final void begin(final List<? extends Agent> servers, final Agent systemAgent) {
        running = true;
        system = new SystemThread(systemAgent, timers(), clock(), () -> running, this::report);
        system.start();
        startWorkers(servers);
    }

    /** @return names of threads that did not stop within the bound at {@link #close()} */
    public synchronized List<String> unstoppedThreads() {
        return List.copyOf(unstopped);
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        final List<Thread> threads = new ArrayList<>();
        for (Thread t : workerThreads()) {
            LockSupport.unpark(t);
            threads.add(t);
        }
        system.wake();
        threads.add(system.thread());
        unstopped.addAll(ThreadStopper.awaitAll(threads));
        afterStop();
    }
}
