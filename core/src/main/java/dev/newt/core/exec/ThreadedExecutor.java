package dev.newt.core.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A thread per server, as NEWTOS gives each server its own core, plus one system thread that fires
 * timers and runs the supervisor. Workers idle with a pluggable {@link IdleStrategy}.
 */
public final class ThreadedExecutor extends RealTimeExecutor {
    private final Map<Agent, Worker> workers = new ConcurrentHashMap<>();
    private final List<Worker> allWorkers = new ArrayList<>();

    /**
     * @param idleStrategies makes one idle strategy per server worker
     * @param errors         hears about bugs in the runtime (an exception out of a duty cycle)
     */
    public ThreadedExecutor(final Supplier<IdleStrategy> idleStrategies, final ErrorHandler errors) {
        super(idleStrategies, errors);
    }

    @Override
    void startWorkers(final List<? extends Agent> servers) {
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

    @Override
    List<Thread> workerThreads() {
        return allWorkers.stream().map(w -> w.thread).toList();
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
                    report(agent.roleName(), t);
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
