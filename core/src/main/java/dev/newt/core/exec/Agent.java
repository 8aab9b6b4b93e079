package dev.newt.core.exec;

/**
 * A unit of work an executor drives, after Agrona's {@code Agent}: a duty cycle that does what work
 * is there and says how much. An executor calls an agent's methods from one thread at a time.
 */
public interface Agent {

    /** @return a name for threads and diagnostics */
    String roleName();

    /**
     * Does up to {@code limit} units of work (messages handled, timers fired, restarts made).
     *
     * @param limit most units to do in this cycle, at least 1
     * @return units done; 0 when there was nothing to do; negative when the calling worker must
     *         retire because the agent has been handed to another worker
     */
    int doWork(int limit);

    /** @return whether {@link #doWork} would find something to do now; callable from any thread */
    boolean hasWork();

    /**
     * Receives the handle through which producers wake this agent's worker when they give it work.
     *
     * @param waker the executor's waker for this agent
     */
    void attach(Waker waker);

    /**
     * @return the placement group: agents of one group run on one worker of a pooled executor;
     *         null (the default) runs the agent on whichever worker is free
     */
    default String placement() {
        return null;
    }

    /**
     * When the handler this agent runs now must have returned by, as its server's hang watchdog
     * sees it: the simulated executor reads it when a handler charges virtual time
     * ({@link SimulatedExecutor#charge}), so that running past it is a hang there as on real threads.
     *
     * @return the clock reading past which the running handler is hung; {@link Long#MAX_VALUE}
     *         (the default) when none runs or it has no deadline
     */
    default long handlerDeadline() {
        return Long.MAX_VALUE;
    }

    /** Called once on the agent's worker when the executor stops it. */
    default void onClose() {
    }

    /** Wakes an agent's worker if it sleeps. */
    @FunctionalInterface
    interface Waker {
        /** A waker for executors that poll instead of sleeping. */
        Waker NONE = () -> { };

        /** Makes the worker look for work soon; cheap when it is awake. */
        void wake();
    }
}
