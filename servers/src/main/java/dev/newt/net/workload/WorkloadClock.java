package dev.newt.net.workload;

import dev.newt.core.server.ServerContext;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * A workload's time, part of its checkpointed state: the bins its metric events cover, the
 * deadline of its run, and whether the run is over (its summary written, once).
 */
final class WorkloadClock {
    /** Start of the current metric bin, runtime clock. */
    long binStart;
    /** When the run ends if it is not done, runtime clock; 0 before the run started. */
    long deadlineAt;
    /** Whether the run is over and its summary written. */
    boolean finished;

    /** Timer payload: the current metric bin is over. */
    record Bin() { }

    /** Timer payload: the run's deadline has come. */
    record Deadline() { }

    /** @return whether the run has started (a restored state continues it) */
    boolean started() {
        return deadlineAt != 0;
    }

    /**
     * Starts the run now: its first bin, and its deadline.
     *
     * @param ctx      the workload's context
     * @param deadline how long the run may take
     */
    void start(final ServerContext ctx, final Duration deadline) {
        deadlineAt = ctx.now() + deadline.toNanos();
        binStart = ctx.now();
    }

    /**
     * Arms the timers of a started run: the end of the bin and the deadline (at once if past).
     *
     * @param ctx the workload's context
     * @param bin the width of a bin
     */
    void arm(final ServerContext ctx, final Duration bin) {
        ctx.setTimer(bin, new Bin());
        ctx.setTimer(Duration.ofNanos(Math.max(0, deadlineAt - ctx.now())), new Deadline());
    }

    /**
     * Ends the current bin: emits its metric event over the time it really covered (at least 1
     * ns), and starts the next bin now.
     *
     * @param ctx      the workload's context
     * @param workload workload type, such as {@code bulk-sender}
     * @param figures  the bin's figures, in the order to show them, given its width in nanoseconds
     */
    void endBin(final ServerContext ctx, final String workload, final LongFunction<Map<String, Object>> figures) {
        final long width = Math.max(1, ctx.now() - binStart);
        WorkloadEvents.metric(ctx, workload, binStart, width, figures.apply(width));
        binStart = ctx.now();
    }

    /**
     * Ends the current bin whose width is fixed, not measured (the udp echo client's).
     *
     * @param ctx the workload's context
     * @return when the bin that ended started
     */
    long nextBin(final ServerContext ctx) {
        final long start = binStart;
        binStart = ctx.now();
        return start;
    }
}
