package dev.newt.core.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * One thread, virtual time and a scheduler driven by a seeded PRNG that picks among the runnable
 * servers, one message at a time. The same seed and code give the same interleaving, hence the
 * same event log byte for byte; another seed gives another interleaving.
 *
 * <p>Time advances by {@code stepCost} for each message handled and jumps to the next timer when
 * no server is runnable. Nothing runs between calls to {@link #runFor} or {@link #runUntil}; all
 * calls come from the thread that drives the simulation.
 */
public final class SimulatedExecutor extends AbstractExecutor {
    /**
     * Set to {@code true}, every step compares the servers the runnable set finds with work against
     * a scan of every server, and fails on a difference: proof that the set misses no wake.
     */
    public static final String CHECK_RUNNABLE_PROPERTY = "newt.sim.checkRunnable";
    private final SplittableRandom scheduler;
    private final long stepCostNanos;
    private long now;
    private final List<Agent> agents = new ArrayList<>();
    /** The servers that may have work: a step asks those, not every server. */
    private RunnableSet runnable;
    /** Checks the runnable set against a scan of every server on each step (a debug mode). */
    private final boolean checkRunnable = Boolean.getBoolean(CHECK_RUNNABLE_PROPERTY);
    private Agent system;
    /** The agent whose duty cycle runs now, or null between steps. */
    private Agent running;
    private long steps;
    private boolean closed;

    /**
     * @param seed     drives the scheduler's choices
     * @param stepCost virtual time one handled message costs; zero or more
     * @param errors   hears about bugs in the runtime (an exception out of a step), which then
     *                 propagate to the caller of {@link #runUntil}: a simulation stops at a bug
     */
    public SimulatedExecutor(final long seed, final Duration stepCost, final ErrorHandler errors) {
        super(errors);
        if (stepCost.isNegative()) {
            throw new IllegalArgumentException("step cost must be >= 0, was " + stepCost);
        }
        this.scheduler = new SplittableRandom(seed);
        this.stepCostNanos = stepCost.toNanos();
    }

    @Override
    long nanoTime() {
        return now;
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    void begin(final List<? extends Agent> servers, final Agent systemAgent) {
        agents.addAll(servers);
        system = systemAgent;
        system.attach(Agent.Waker.NONE);
        runnable = new RunnableSet(agents);
        for (int i = 0; i < agents.size(); i++) {
            agents.get(i).attach(runnable.wakerFor(i));
        }
    }

    /**
     * Runs for {@code duration} of virtual time.
     *
     * @param duration how long
     */
    public void runFor(final Duration duration) {
        runUntil(() -> false, duration);
    }

    /**
     * Runs until {@code done} holds, checked after every step, or until {@code limit} of virtual
     * time has passed.
     *
     * @param done  the condition
     * @param limit the most virtual time to run
     * @return whether {@code done} held
     */
    public boolean runUntil(final BooleanSupplier done, final Duration limit) {
        if (system == null || closed) {
            throw new IllegalStateException("simulation is not running");
        }
        final long end = now + limit.toNanos();
        // The caller may have changed anything since the last run (started servers, injected).
        runnable.beginRun(Thread.currentThread());
        while (!done.getAsBoolean()) {
            if (system.hasWork()) {
                step(system, Integer.MAX_VALUE);
                // The supervisor changes servers' states (failed, restarted) without waking them.
                runnable.markAll();
                continue;
            }
            final int ready = runnable.collect();
            if (checkRunnable) {
                checkAgainstScan(ready);
            }
            if (ready > 0) {
                step(runnable.ready(scheduler.nextInt(ready)), 1);
                steps++;
                now += stepCostNanos;
                fireTimers();
                if (now >= end) {
                    return done.getAsBoolean();
                }
                continue;
            }
            final long next = timers().nextDeadline();
            if (next > end) {
                now = end;
                return done.getAsBoolean();
            }
            now = Math.max(now, next);
            fireTimers();
        }
        return true;
    }

    /** Fails when the runnable set's ready agents differ from those a scan of every agent finds. */
    private void checkAgainstScan(final int ready) {
        final List<Agent> scanned = new ArrayList<>();
        for (Agent a : agents) {
            if (a.hasWork()) {
                scanned.add(a);
            }
        }
        final List<Agent> kept = new ArrayList<>();
        for (int k = 0; k < ready; k++) {
            kept.add(runnable.ready(k));
        }
        if (!kept.equals(scanned)) {
            throw new IllegalStateException("runnable set " + names(kept) + " differs from a scan " + names(scanned)
                + " at " + now + " ns, step " + steps);
        }
    }

    private static List<String> names(final List<Agent> list) {
        return list.stream().map(Agent::roleName).toList();
    }

    /** Runs one duty cycle of {@code agent}; a runtime bug is reported, then stops the simulation. */
    private void step(final Agent agent, final int limit) {
        running = agent;
        try {
            agent.doWork(limit);
        } catch (Throwable t) {
            report(agent.roleName(), t);
            throw t;
        } finally {
            running = null;
        }
    }

    private void fireTimers() {
        try {
            timers().fireDue(now);
        } catch (Throwable t) {
            report(TIMERS, t);
            throw t;
        }
    }

    /**
     * Charges {@code extra} virtual time to the step being run, as if its handler had computed that
     * long: the clock moves on at once, and timers that fall due meanwhile fire after the step, in
     * deadline order. For fault injection (a delay fault); call it only from a handler, on the
     * simulation thread.
     *
     * <p>A handler is not charged past its hang deadline ({@link Agent#handlerDeadline}): the
     * clock stops one nanosecond past it, the first reading at which a watchdog on real threads
     * finds the handler hung, and the caller must then hang the handler
     * ({@code Hang.forever()}), which the supervisor detects at that time, as it would revoke a
     * handler that computed that long on a real thread.
     *
     * @param extra the time to add; zero or more
     * @return true when charged in full; false when the handler ran past its hang deadline
     */
    public boolean charge(final Duration extra) {
        if (extra.isNegative()) {
            throw new IllegalArgumentException("charged time must be >= 0, was " + extra);
        }
        final long deadline = running == null ? Long.MAX_VALUE : running.handlerDeadline();
        final long wanted = now + extra.toNanos();
        if (deadline != Long.MAX_VALUE && wanted > deadline) {
            now = Math.max(now, deadline + 1);
            return false;
        }
        now = wanted;
        return true;
    }

    /** @return messages handled so far, over all servers */
    public long steps() {
        return steps;
    }

    @Override
    public void replaceWorker(final Agent agent) {
        // One thread runs everything; a simulated hang never blocked it.
    }

    @Override
    public void close() {
        if (closed || system == null) {
            closed = true;
            return;
        }
        closed = true;
        for (Agent a : agents) {
            a.onClose();
        }
        system.onClose();
    }
}
