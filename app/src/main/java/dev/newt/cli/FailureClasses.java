package dev.newt.cli;

import dev.newt.results.ExperimentResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Prints a search's failing runs by failure class: how many, and the first. */
final class FailureClasses {
    private FailureClasses() {
    }

    static void print(final PrintStream out, final List<ExperimentResult> results) {
        final Map<String, int[]> count = new TreeMap<>();
        final Map<String, String> first = new TreeMap<>();
        for (ExperimentResult r : results) {
            if (r.failureClass() != null) {
                count.computeIfAbsent(r.failureClass(), k -> new int[1])[0]++;
                first.merge(r.failureClass(), r.id(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        if (count.isEmpty()) {
            out.println("failure classes: none (no run failed, corrupted or had a harness error)");
            return;
        }
        out.println("failure classes:");
        count.forEach((k, n) -> out.printf("  %-50s %6d run(s), first %s%n", k, n[0], first.get(k)));
    }
}
