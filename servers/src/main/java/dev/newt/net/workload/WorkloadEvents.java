package dev.newt.net.workload;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.WorkloadMetric;
import dev.newt.core.server.ServerContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the events workloads put into the event log: {@link EventKinds#WORKLOAD_METRIC} per time
 * bin ({@link WorkloadMetric}) and {@link EventKinds#WORKLOAD_SUMMARY} when finished.
 */
public final class WorkloadEvents {
    private WorkloadEvents() {
    }

    /**
     * Emits one time bin's figures.
     *
     * @param ctx      the workload's context
     * @param workload workload type, such as {@code udp-echo}
     * @param binStart start of the bin, runtime clock
     * @param binNanos width of the bin
     * @param sent     requests sent in the bin
     * @param received answers received in the bin
     * @param rtt      round trips of the bin
     */
    static void metric(final ServerContext ctx, final String workload, final long binStart, final long binNanos,
                       final long sent, final long received, final RttStats rtt) {
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("sent", sent);
        f.put("received", received);
        f.put("ratePerSecond", received * 1_000_000_000L / Math.max(1, binNanos));
        f.put("rttMeanNanos", rtt.mean());
        f.put("rttP99Nanos", rtt.percentile(99));
        metric(ctx, workload, binStart, binNanos, f);
    }

    /**
     * Emits one time bin's figures of a workload whose figures are its own (the stream workloads).
     *
     * @param ctx      the workload's context
     * @param workload workload type, such as {@code bulk-receiver}
     * @param binStart start of the bin, runtime clock
     * @param binNanos width of the bin
     * @param figures  the bin's figures, in the order to show them
     */
    public static void metric(final ServerContext ctx, final String workload, final long binStart,
                              final long binNanos, final Map<String, Object> figures) {
        ctx.emit(new CustomEvent(ctx.now(), ctx.name(), EventKinds.WORKLOAD_METRIC,
            new WorkloadMetric(workload, binStart, binNanos, figures).toFields()));
    }

    /**
     * @param count how many (bytes, requests)
     * @param nanos over how long
     * @return the rate per second, 0 over no time
     */
    static long perSecond(final long count, final long nanos) {
        return nanos <= 0 ? 0 : (long) (count * 1e9 / nanos);
    }

    /**
     * The accounting every request/response workload reports: sent, received, lost, duplicated,
     * corrupted, and round-trip times (min, p50, p99, max from one sort of the samples).
     *
     * @param workload   workload type
     * @param sent       requests sent
     * @param received   distinct answers received intact
     * @param duplicated answers received again
     * @param corrupted  answers that failed their integrity check
     * @param rtt        round-trip times of the intact answers
     * @return the fields, in order; callers may add their own
     */
    static Map<String, Object> accounting(final String workload, final long sent, final long received,
                                          final long duplicated, final long corrupted, final RttStats rtt) {
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("workload", workload);
        f.put("sent", sent);
        f.put("received", received);
        f.put("lost", sent - received);
        f.put("duplicated", duplicated);
        f.put("corrupted", corrupted);
        final long[] sorted = rtt.sorted();
        f.put("rttMinNanos", RttStats.nearestRank(sorted, 0.0001));
        f.put("rttP50Nanos", RttStats.nearestRank(sorted, 50));
        f.put("rttP99Nanos", RttStats.nearestRank(sorted, 99));
        f.put("rttMaxNanos", RttStats.nearestRank(sorted, 100));
        return f;
    }

    /**
     * Adds the per-request latency figures every workload's summary has, under the same names
     * ({@code latencyMeanNanos}, {@code latencyP50Nanos}, {@code latencyP99Nanos},
     * {@code latencyMaxNanos}), without replacing figures of those names a workload already wrote.
     *
     * @param f       the summary's fields
     * @param latency the latencies of the workload's requests
     */
    public static void latency(final Map<String, Object> f, final RttStats latency) {
        final long[] sorted = latency.sorted();
        f.putIfAbsent("latencyMeanNanos", latency.mean());
        f.putIfAbsent("latencyP50Nanos", RttStats.nearestRank(sorted, 50));
        f.putIfAbsent("latencyP99Nanos", RttStats.nearestRank(sorted, 99));
        f.putIfAbsent("latencyMaxNanos", RttStats.nearestRank(sorted, 100));
    }

    /**
     * Emits a workload's final accounting.
     *
     * @param ctx    the workload's context
     * @param fields the figures, in the order to show them
     */
    public static void summary(final ServerContext ctx, final Map<String, Object> fields) {
        ctx.emit(new CustomEvent(ctx.now(), ctx.name(), EventKinds.WORKLOAD_SUMMARY, fields));
    }
}
