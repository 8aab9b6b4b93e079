package dev.newt.core.exec;

import dev.newt.core.time.Clock;
import dev.newt.core.time.TimerQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A thread per server, as NEWTOS gives each server its own core, plus one system thread that fires
 * timers and runs the supervisor. Workers idle with a pluggable {@link IdleStrategy}.
 */
public final class ThreadedExecutor implements Executor {
    private static final int BATCH = 64;

    private final Supplier<IdleStrategy> idleStrategies;
    private final long startNanos = System.nanoTime();
    private final Clock clock = () -> System.nanoTime() - startNanos;
    private final TimerQueue timers = new TimerQueue(clock);
    private final Map<Agent, Worker> workers = new ConcurrentHashMap<>();
    private final List<Worker> allWorkers = new ArrayList<>();
    private final List<String> unstopped = new ArrayList<>();
    private volatile boolean running;
    private SystemThread system;

    /** @param idleStrategies makes one idle strategy per server worker */
    public ThreadedExecutor(final Supplier<IdleStrategy> idleStrategies) {
        this.idleStrategies = Objects.requireNonNull(idleStrategies, "idleStrategies");
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public TimerQueue timers() {
        return timers;
    }

    @Override
    public boolean simulated() {
        return false;
    }

    @Override
    public synchronized void start(final List<? extends Agent> servers, final Agent systemAgent) {
        if (running) {
            throw new IllegalStateException("executor already started");
        }
        running = true;
        system = new SystemThread(systemAgent, timers, clock, () -> running);
        system.start();
        for (Agent a : servers) {
            startWorker(a);
        }
    }

    private synchronized void startWorker(final Agent agent) {
        final Worker w = new Worker(agent, idleStrategies.get());
        final Worker old = workers.put(agent, w);
        if (old != null) {
            old.retired = true;
            LockSupport.unpark(old.thread);
        }
        allWorkers.add(w);
        agent.attach(w::wake);
        w.thread.start();
    }

    @Override
    public void replaceWorker(final Agent agent) {
        if (running) {
            startWorker(agent);
        }
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
        for (Worker w : allWorkers) {
            LockSupport.unpark(w.thread);
            threads.add(w.thread);
        }
        system.wake();
        threads.add(system.thread());
        unstopped.addAll(ThreadStopper.awaitAll(threads));
    }


    private final class Worker implements Runnable {
        final Agent agent;
        final IdleStrategy idle;
        final Thread thread;
        volatile boolean sleeping;
        volatile boolean retired;

        Worker(final Agent agent, final IdleStrategy idle) {
            this.agent = agent;
            this.idle = idle;
            this.thread = new Thread(this, "newt-" + agent.roleName());
            this.thread.setDaemon(true);
        }

        void wake() {
            if (sleeping) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            while (running && !retired) {
                final int work;
                try {
                    work = agent.doWork(BATCH);
                } catch (Throwable t) {
                    // A server's own failures are caught inside doWork; this is a runtime bug.
                    System.err.println("newt: runtime error in " + agent.roleName());
                    t.printStackTrace();
                    continue;
                }
                if (work < 0) {
                    return;
                }
                if (work > 0) {
                    idle.reset();
                    continue;
                }
                final long park = idle.idle();
                if (park > 0) {
                    sleeping = true;
                    if (!agent.hasWork() && running && !retired) {
                        LockSupport.parkNanos(this, park);
                    }
                    sleeping = false;
                }
            }
            if (!retired) {
                agent.onClose();
            }
        }
    }
}
