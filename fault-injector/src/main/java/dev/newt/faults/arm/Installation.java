package dev.newt.faults.arm;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventLog;
import dev.newt.core.exec.SimulatedExecutor;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.ServerContext;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Where an injector's faults are armed: the event log their events go to, the clock of their time
 * windows, and the simulated executor when there is one (for delays).
 * Public for the injector's other packages; not an API.
 */
public final class Installation {
    public final EventLog log;
    public final LongSupplier clock;
    final SimulatedExecutor simulation;

    private Installation(final EventLog log, final LongSupplier clock, final SimulatedExecutor simulation) {
        this.log = log;
        this.clock = clock;
        this.simulation = simulation;
    }

    public static Installation of(final NewtRuntime rt) {
        return new Installation(rt.events(), rt::now, rt.simulated() ? rt.simulation() : null);
    }

    public static Installation standalone(final EventLog log) {
        final long start = System.nanoTime();
        return new Installation(log, () -> System.nanoTime() - start, null);
    }

    long now(final ServerContext ctx) {
        return ctx != null ? ctx.now() : clock.getAsLong();
    }

    /**
     * Records an event: through the handler's context when one runs (as events from handlers go),
     * else straight into the log. A replaying context drops what it emits, so that replays do not
     * repeat events; an activation during a replay is real, so it goes to the log directly.
     */
    void emit(final ServerContext ctx, final String server, final String kind, final Map<String, Object> fields) {
        if (ctx != null && !ctx.replaying()) {
            ctx.emit(new CustomEvent(ctx.now(), server, kind, fields));
        } else {
            log.record(new CustomEvent(now(ctx), server, kind, fields));
        }
    }
}
