package dev.newt.core.exec;

import dev.newt.core.time.Clock;
import dev.newt.core.time.TimerQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The thread of the real-time executors that fires timers and runs the system agent (the
 * supervisor). It parks until the next timer is due or until woken by a report or a new timer. A
 * timer action or a supervisor step that throws is a runtime bug, handed to the error handler.
 */
final class SystemThread implements Runnable {
    private static final long MAX_PARK_NANOS = 100_000_000L;
    private final Agent agent;
    private final TimerQueue timers;
    private final Clock clock;
    private final BooleanSupplier running;
    private final ErrorHandler errors;
    private final Thread thread;
    private volatile boolean sleeping;

    SystemThread(final Agent agent, final TimerQueue timers, final Clock clock, final BooleanSupplier running,
                 final ErrorHandler errors) {
        this.agent = agent;
        this.timers = timers;
        this.clock = clock;
        this.running = running;
        this.errors = errors;
        this.thread = new Thread(this, "newt-" + agent.roleName());
        this.thread.setDaemon(true);
    }

    void start() {
        agent.attach(this::wake);
        timers.onScheduled(this::wake);
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    void wake() {
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void run() {
        while (running.getAsBoolean()) {
            int work = 0;
            try {
                work += timers.fireDue(clock.nanoTime());
            } catch (Throwable t) {
                errors.onError(AbstractExecutor.TIMERS, t);
            }
            try {
                work += agent.doWork(Integer.MAX_VALUE);
            } catch (Throwable t) {
                errors.onError(agent.roleName(), t);
            }
            if (work > 0) {
                continue;
            }
            sleeping = true;
            final long wait = timers.nextDeadline() - clock.nanoTime();
            if (running.getAsBoolean() && !agent.hasWork() && wait > 0) {
                LockSupport.parkNanos(this, Math.min(wait, MAX_PARK_NANOS));
            }
            sleeping = false;
        }
        agent.onClose();
    }
}
