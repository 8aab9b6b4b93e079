package dev.newt.cli;

import dev.newt.results.ExperimentResult;
import dev.newt.results.UpdateResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * The live updates a run performed, beside its outcome table: for each group of servers and image,
 * how many committed, rolled back and aborted, and the downtime and transfer percentiles. On the
 * simulated executor the runtime clock is virtual, so those durations are labelled virtual and the
 * wall-clock cost of the phases is printed beside them.
 */
final class UpdateSummary {
    private UpdateSummary() {
    }

    /**
     * @param o         where to print
     * @param results   the run's results, golden run included
     * @param simulated whether the runtime clock was virtual
     */
    static void print(final PrintStream o, final List<ExperimentResult> results, final boolean simulated) {
        final Map<String, List<UpdateResult>> groups = new TreeMap<>();
        for (ExperimentResult r : results) {
            for (UpdateResult u : r.updates() == null ? List.<UpdateResult>of() : r.updates()) {
                groups.computeIfAbsent(String.join("+", u.servers()) + " -> " + u.image(), k -> new ArrayList<>()).add(u);
            }
        }
        if (groups.isEmpty()) {
            return;
        }
        final String clock = simulated ? "ms virtual (simulated executor: runtime clock)" : "ms";
        o.printf(Locale.ROOT, "live updates: %d in %d runs; durations in %s%n",
            groups.values().stream().mapToInt(List::size).sum(), results.size(), clock);
        o.printf(Locale.ROOT, "  %-26s %9s %11s %7s  %-26s %-26s%s%n", "update", "committed", "rolled back",
            "aborted", "downtime p50/p99/max", "transfer p50/p99/max", simulated ? "  wall-clock quiesce/transfer p50" : "");
        groups.forEach((name, list) -> o.printf(Locale.ROOT, "  %-26s %9d %11d %7d  %-26s %-26s%s%n", name,
            count(list, "committed"), count(list, "rolled-back"), count(list, "aborted"),
            percentiles(list, UpdateResult::downtimeNanos), percentiles(list, UpdateResult::transferNanos),
            simulated ? "  " + wall(list) + " ms wall" : ""));
    }

    private static long count(final List<UpdateResult> list, final String result) {
        return list.stream().filter(u -> result.equals(u.result())).count();
    }

    private static String percentiles(final List<UpdateResult> list, final ToLongFunction<UpdateResult> figure) {
        final long[] v = list.stream().mapToLong(figure).sorted().toArray();
        return ms(rank(v, 50)) + " / " + ms(rank(v, 99)) + " / " + ms(v.length == 0 ? 0 : v[v.length - 1]);
    }

    /** The median wall-clock cost of the quiesce and transfer phases, over the updates that recorded it. */
    private static String wall(final List<UpdateResult> list) {
        final long[] q = list.stream().map(UpdateResult::wallQuiesceNanos).filter(Objects::nonNull)
            .mapToLong(Long::longValue).sorted().toArray();
        final long[] t = list.stream().map(UpdateResult::wallTransferNanos).filter(Objects::nonNull)
            .mapToLong(Long::longValue).sorted().toArray();
        return q.length == 0 ? "-" : ms(rank(q, 50)) + " / " + ms(rank(t, 50));
    }

    /** Nearest rank, as the report computes its percentiles. */
    private static long rank(final long[] sorted, final int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
    }

    private static String ms(final long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
