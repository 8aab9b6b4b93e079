package dev.newt.cli;

import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The summary a run prints: outcomes by fault type, and the median detection and recovery times. */
final class OutcomeTable {
    private OutcomeTable() {
    }

    static void print(final PrintStream o, final List<ExperimentResult> results) {
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
        o.printf(Locale.ROOT, "median detection latency %s, median recovery time %s%n",
            median(results.stream().map(ExperimentResult::detectionLatencyNanos).toList()),
            median(results.stream().map(ExperimentResult::recoveryNanos).toList()));
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
