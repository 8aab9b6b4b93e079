package dev.newt.cli;

import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The summary a run prints: outcomes by fault type, the median detection, recovery and outage
 * times (labelled virtual on the simulated executor), and how many runs misbehaved without their
 * fault firing.
 */
final class OutcomeTable {
    private OutcomeTable() {
    }

    static void print(final PrintStream o, final List<ExperimentResult> results, final boolean simulated) {
        final Map<String, Map<Outcome, Integer>> byType = new TreeMap<>();
        for (ExperimentResult r : results) {
            if (!r.golden()) {
                // Parameters are dropped (delay(delay=5ms) counts as delay); a recovery policy stays.
                final String type = r.faultType().replaceAll("\\(.*?\\)", "");
                byType.computeIfAbsent(type, k -> new EnumMap<>(Outcome.class)).merge(r.outcome(), 1, Integer::sum);
            }
        }
        final StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-34s", "fault type"));
        for (Outcome out : Outcome.values()) {
            head.append(String.format(Locale.ROOT, " %13s", out.label()));
        }
        o.println(head.append(String.format(Locale.ROOT, " %6s", "total")));
        final Map<Outcome, Integer> totals = new EnumMap<>(Outcome.class);
        for (Map.Entry<String, Map<Outcome, Integer>> e : byType.entrySet()) {
            o.println(row(e.getKey(), e.getValue()));
            e.getValue().forEach((k, v) -> totals.merge(k, v, Integer::sum));
        }
        o.println(row("all", totals));
        o.printf(Locale.ROOT, "median detection latency %s, median recovery time %s, median service lost %s%s%n",
            median(results.stream().map(ExperimentResult::detectionLatencyNanos).toList()),
            median(results.stream().map(ExperimentResult::recoveryNanos).toList()),
            median(results.stream().filter(r -> !r.golden()).map(ExperimentResult::serviceLostNanos).toList()),
            simulated ? " (virtual: the simulated executor's runtime clock)" : "");
        final long unfired = results.stream().filter(ExperimentResult::brokenWithoutFault).count();
        if (unfired > 0) {
            o.printf(Locale.ROOT, "%d experiment(s) misbehaved although their fault did not fire: see the report's "
                + "first table%n", unfired);
        }
    }

    private static String row(final String name, final Map<Outcome, Integer> counts) {
        final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-34s", name));
        int total = 0;
        for (Outcome out : Outcome.values()) {
            final int n = counts.getOrDefault(out, 0);
            total += n;
            sb.append(String.format(Locale.ROOT, " %13s", n == 0 ? "." : Integer.toString(n)));
        }
        return sb.append(String.format(Locale.ROOT, " %6d", total)).toString();
    }

    private static String median(final List<Long> values) {
        final List<Long> v = values.stream().filter(java.util.Objects::nonNull).sorted().toList();
        return v.isEmpty() ? "-" : String.format(Locale.ROOT, "%.3f ms", v.get((v.size() - 1) / 2) / 1e6);
    }
}
