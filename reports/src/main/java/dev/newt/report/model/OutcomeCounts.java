package dev.newt.report.model;

import dev.newt.results.Outcome;

/** How many experiments came to each outcome, among some experiments. */
public final class OutcomeCounts {
    private final long[] counts = new long[Outcome.values().length];
    private long total;

    /** @param outcome one more experiment's outcome */
    public void add(final Outcome outcome) {
        counts[outcome.ordinal()]++;
        total++;
    }

    /** @param outcome an outcome @return how many came to it */
    public long count(final Outcome outcome) {
        return counts[outcome.ordinal()];
    }

    /** @param outcome an outcome @return its count out of the total */
    public Share share(final Outcome outcome) {
        return new Share(count(outcome), total);
    }

    /** @return how many experiments in all */
    public long total() {
        return total;
    }
}
