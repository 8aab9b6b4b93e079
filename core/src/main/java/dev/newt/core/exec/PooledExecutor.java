package dev.newt.core.exec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * Servers multiplexed over a few worker threads, typically one per core, as an actor dispatcher
 * does: a server with work is queued once; a worker takes it, runs one batch of its messages, and
 * queues it again if it still has work (or, when nothing else waits, runs its next batch at once).
 * A server is run by one worker at a time.
 *
 * <p>Placement, as NEWTOS pins its stack servers to cores: servers of one placement group
 * ({@link Agent#placement()}) are queued on the home queue of one worker, so a packet's path through
 * a host's stack stays on one core and its messages never cross cores. Groups are given to workers
 * round-robin in the order their first server comes in the server list. Servers without a group go
 * to a shared queue that every worker serves when its home queue is empty.
 *
 * <p>A worker stuck in a hung handler is replaced: {@link #replaceWorker} starts a worker that takes
 * over the stuck one's home queue and hands the hung server a new queue entry; the stuck worker
 * retires when its handler returns. Until the hang is detected, the stuck worker's other servers
 * wait with it.
 */
public final class PooledExecutor extends RealTimeExecutor {
    private final int size;
    private final Queue<Task> shared = new ConcurrentLinkedQueue<>();
    private final List<Home> homes = new ArrayList<>();
    private final Map<Agent, Task> tasks = new ConcurrentHashMap<>();
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    /** Every worker started, retired ones included; under this executor's lock. */
    private final List<Worker> started = new ArrayList<>();
    private final AtomicInteger workerIds = new AtomicInteger();
    private final Map<String, Home> groups = new LinkedHashMap<>();

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
    synchronized void startWorkers(final List<? extends Agent> servers) {
        for (int i = 0; i < size; i++) {
            homes.add(new Home());
        }
        for (Agent a : servers) {
            final String group = a.placement();
            attach(a, group == null ? null : groups.computeIfAbsent(group, g -> homes.get(groups.size() % size)));
        }
        for (Home h : homes) {
            startWorker(h);
        }
    }

    /** @return the placement groups, each with the index of the worker that runs it */
    public synchronized Map<String, Integer> placements() {
        final Map<String, Integer> out = new LinkedHashMap<>();
        groups.forEach((g, h) -> out.put(g, homes.indexOf(h)));
        return out;
    }

    private Task attach(final Agent agent, final Home home) {
        final Task t = new Task(agent, home);
        tasks.put(agent, t);
        agent.attach(t::wake);
        return t;
    }

    private void startWorker(final Home home) {
        final Worker w = new Worker(idleStrategies.get(), home);
        home.worker = w;
        workers.add(w);
        started.add(w);
        w.thread.start();
    }

    @Override
    public synchronized void replaceWorker(final Agent agent) {
        if (!running) {
            return;
        }
        // The old task stays "scheduled" with the stuck worker; a new one lets the server run again.
        final Task old = tasks.get(agent);
        final Task fresh = attach(agent, old == null ? null : old.home);
        // The stuck worker's home (its group's servers) needs a worker of its own again.
        Home stuck = null;
        for (Worker w : started) {
            if (w.current == agent && w.home.worker == w) {
                stuck = w.home;
            }
        }
        if (stuck == null) {
            stuck = new Home();
            homes.add(stuck);
        }
        startWorker(stuck);
        fresh.wake();
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

    /** A worker's own run queue, for the servers placed on it; a worker replaced takes it over. */
    private static final class Home {
        /** One consumer (the home's worker), many producers; no allocation per wake. */
        final Queue<Task> queue = new MpscUnboundedXaddArrayQueue<>(64);
        volatile Worker worker;
    }

    /** A server's place in a run queue: queued at most once at a time. */
    private final class Task {
        final Agent agent;
        /** Where the server is queued: its group's home, or null for the shared queue. */
        final Home home;
        final AtomicBoolean scheduled = new AtomicBoolean();

        Task(final Agent agent, final Home home) {
            this.agent = agent;
            this.home = home;
        }

        void wake() {
            // A plain read first: a locked CAS on every message for a task already queued costs the sender.
            if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
                if (home == null) {
                    shared.offer(this);
                    wakeOneWorker();
                } else {
                    home.queue.offer(this);
                    final Worker w = home.worker;
                    if (w != null && w.sleeping) {
                        LockSupport.unpark(w.thread);
                    }
                }
            }
        }
    }

    private final class Worker implements Runnable {
        final IdleStrategy idle;
        final Home home;
        final Thread thread;
        volatile boolean sleeping;
        /** The agent in a duty cycle on this worker, or null; kept by a worker that retires. */
        volatile Agent current;

        Worker(final IdleStrategy idle, final Home home) {
            this.idle = idle;
            this.home = home;
            this.thread = new Thread(this, "newt-pool-" + workerIds.incrementAndGet());
            this.thread.setDaemon(true);
        }

        private boolean nothingQueued() {
            return home.queue.isEmpty() && shared.isEmpty();
        }

        @Override
        public void run() {
            Task t = null;
            while (running) {
                if (t == null) {
                    t = home.queue.poll();
                    if (t == null) {
                        t = shared.poll();
                    }
                }
                if (t == null) {
                    final long park = idle.idle();
                    if (park > 0) {
                        sleeping = true;
                        if (nothingQueued() && running) {
                            LockSupport.parkNanos(this, park);
                        }
                        sleeping = false;
                    }
                    continue;
                }
                idle.reset();
                final int work;
                current = t.agent;
                try {
                    work = t.agent.doWork(BATCH);
                } catch (Throwable e) {
                    // A server's own failures are caught inside doWork; this is a runtime bug.
                    report(t.agent.roleName(), e);
                    current = null;
                    t.scheduled.set(false);
                    t = null;
                    continue;
                }
                if (work < 0) {
                    // This worker came back from a revoked handler; a replacement already runs.
                    workers.remove(this);
                    return;
                }
                current = null;
                if (work > 0 && nothingQueued() && t.agent.hasWork()) {
                    // Still busy and no one else waits: its next batch at once, without a requeue.
                    continue;
                }
                final Task done = t;
                t = null;
                done.scheduled.set(false);
                if (done.agent.hasWork()) {
                    done.wake();
                }
            }
        }
    }
}
