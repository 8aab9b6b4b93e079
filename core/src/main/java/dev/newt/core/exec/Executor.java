package dev.newt.core.exec;

import dev.newt.core.time.Clock;
import dev.newt.core.time.TimerQueue;
import java.util.List;

/**
 * Runs a runtime's agents: one per server, plus the system agent (the supervisor). Two kinds share
 * this interface: {@link ThreadedExecutor}, a thread per server, and {@link SimulatedExecutor},
 * one thread, virtual time and a seeded scheduler.
 */
public interface Executor extends AutoCloseable {

    /** @return the clock every server and the supervisor read */
    Clock clock();

    /** @return the timers, fired on the executor's own schedule */
    TimerQueue timers();

    /** @return whether this executor simulates time on one thread */
    boolean simulated();

    /**
     * Starts driving the agents; called once.
     *
     * @param servers the server agents, in a fixed order (the simulated scheduler relies on it)
     * @param system  the system agent, run with priority over servers
     */
    void start(List<? extends Agent> servers, Agent system);

    /**
     * Gives {@code agent} a new worker because its current one is stuck in a revoked incarnation.
     * The old worker must leave the agent alone once it returns; a simulated executor has nothing
     * to replace.
     *
     * @param agent whose worker to replace
     */
    void replaceWorker(Agent agent);

    /** Stops every worker, waiting a bounded time for each; never leaves a thread running that it could stop. */
    @Override
    void close();
}
