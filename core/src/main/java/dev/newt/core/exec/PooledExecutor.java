package dev.newt.core.exec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Servers multiplexed over a few worker threads, as an actor dispatcher does: a server with work
 * is queued once; a worker takes it, runs one batch of its messages, and queues it again if it
 * still has work. A server is run by one worker at a time. On a 2-core machine with a dozen
 * servers this avoids the context switches of a thread per server.
 *
 * <p>A worker stuck in a hung handler is replaced: {@link #replaceWorker} hands the server a new
 * queue entry and starts one more worker; the stuck worker retires when its handler returns.
 */
public final class PooledExecutor extends RealTimeExecutor {
    private final int size;
    private final ConcurrentLinkedQueue<Task> runQueue = new ConcurrentLinkedQueue<>();
    private final Map<Agent, Task> tasks = new ConcurrentHashMap<>();
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private final AtomicInteger workerIds = new AtomicInteger();

    /**
     * @param size           worker threads, at least 1 (typically the number of cores)
     * @param idleStrategies makes one idle strategy per worker
     * @param errors         hears about bugs in the runtime (an exception out of a duty cycle)
     */
    public PooledExecutor(final int size, final Supplier<IdleStrategy> idleStrategies, final ErrorHandler errors) {
        super(idleStrategies, errors);
        if (size < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, was " + size);
        }
        this.size = size;
    }

    @Override
    void startWorkers(final List<? extends Agent> servers) {
        for (Agent a : servers) {
            attach(a);
        }
        for (int i = 0; i < size; i++) {
            startWorker();
        }
    }

    private Task attach(final Agent agent) {
        final Task t = new Task(agent);
        tasks.put(agent, t);
        agent.attach(t::wake);
        return t;
    }

    private void startWorker() {
        final Worker w = new Worker(idleStrategies.get());
        workers.add(w);
        w.thread.start();
    }

    @Override
    public synchronized void replaceWorker(final Agent agent) {
        if (!running) {
            return;
        }
        // The old task stays "scheduled" with the stuck worker; a new one lets the server run again.
        attach(agent).wake();
        startWorker();
    }

    @Override
    List<Thread> workerThreads() {
        return workers.stream().map(w -> w.thread).toList();
    }

    @Override
    void afterStop() {
        // No worker runs any more: the close hooks run here, one server at a time.
        for (Agent a : tasks.keySet()) {
            a.onClose();
        }
    }

    private void wakeOneWorker() {
        for (Worker w : workers) {
            if (w.sleeping) {
                LockSupport.unpark(w.thread);
                return;
            }
        }
    }

    /** A server's place in the run queue: queued at most once at a time. */
    private final class Task {
        final Agent agent;
        final AtomicBoolean scheduled = new AtomicBoolean();

        Task(final Agent agent) {
            this.agent = agent;
        }

        void wake() {
            if (scheduled.compareAndSet(false, true)) {
                runQueue.offer(this);
                wakeOneWorker();
            }
        }
    }

    private final class Worker implements Runnable {
        final IdleStrategy idle;
        final Thread thread;
        volatile boolean sleeping;

        Worker(final IdleStrategy idle) {
            this.idle = idle;
            this.thread = new Thread(this, "newt-pool-" + workerIds.incrementAndGet());
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                final Task t = runQueue.poll();
                if (t == null) {
                    final long park = idle.idle();
                    if (park > 0) {
                        sleeping = true;
                        if (runQueue.isEmpty() && running) {
                            LockSupport.parkNanos(this, park);
                        }
                        sleeping = false;
                    }
                    continue;
                }
                idle.reset();
                final int work;
                try {
                    work = t.agent.doWork(BATCH);
                } catch (Throwable e) {
                    // A server's own failures are caught inside doWork; this is a runtime bug.
                    report(t.agent.roleName(), e);
                    t.scheduled.set(false);
                    continue;
                }
                if (work < 0) {
                    // This worker came back from a revoked handler; a replacement already runs.
                    workers.remove(this);
                    return;
                }
                t.scheduled.set(false);
                if (t.agent.hasWork()) {
                    t.wake();
                }
            }
        }
    }
}
