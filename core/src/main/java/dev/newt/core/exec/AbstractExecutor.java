package dev.newt.core.exec;

import dev.newt.core.time.Clock;
import dev.newt.core.time.TimerQueue;
import java.util.List;
import java.util.Objects;

/**
 * What every executor shares: its clock and the timers on it, starting once, and the
 * {@link ErrorHandler} that hears about bugs in the runtime itself.
 */
abstract class AbstractExecutor implements Executor {
    /** Where a timer action that throws is said to have failed. */
    static final String TIMERS = "timers";

    private final Clock clock = this::nanoTime;
    private final TimerQueue timers = new TimerQueue(clock);
    private final ErrorHandler errors;
    private boolean started;

    AbstractExecutor(final ErrorHandler errors) {
        this.errors = Objects.requireNonNull(errors, "errors");
    }

    /** @return the current reading of this executor's clock, in nanoseconds */
    abstract long nanoTime();

    /** Starts driving the agents; called once, under this executor's lock. */
    abstract void begin(List<? extends Agent> servers, Agent system);

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public TimerQueue timers() {
        return timers;
    }

    @Override
    public synchronized void start(final List<? extends Agent> servers, final Agent system) {
        if (started) {
            throw new IllegalStateException("executor already started");
        }
        started = true;
        begin(servers, system);
    }

    /**
     * Hands a runtime bug to the error handler. Should the handler throw in turn, both are printed
     * to standard error: nothing else would hear of them.
     *
     * @param where the agent's role name, or {@link #TIMERS}
     * @param error what was thrown
     */
    final void report(final String where, final Throwable error) {
        try {
            errors.onError(where, error);
        } catch (Throwable t) {
            t.addSuppressed(error);
            ErrorHandler.PRINT.onError(where, t);
        }
    }
}
