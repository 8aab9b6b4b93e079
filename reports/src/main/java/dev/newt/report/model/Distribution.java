package dev.newt.report.model;

import java.util.Arrays;

/**
 * Percentiles of a sample of durations by the nearest-rank method (the smallest value with at
 * least p% of the sample at or below it), as the workloads compute theirs.
 *
 * @param count how many values
 * @param p50   median
 * @param p90   90th percentile
 * @param p99   99th percentile
 * @param max   largest value
 */
public record Distribution(int count, long p50, long p90, long p99, long max) {

    /** @param values the sample, in any order; not changed @return its percentiles (all 0 when empty) */
    public static Distribution of(final long[] values) {
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Distribution(sorted.length, nearestRank(sorted, 50), nearestRank(sorted, 90),
            nearestRank(sorted, 99), nearestRank(sorted, 100));
    }

    /**
     * @param sorted ascending values
     * @param p      percentile in (0, 100]
     * @return the nearest-rank percentile, 0 when there are no values
     */
    public static long nearestRank(final long[] sorted, final double p) {
        if (sorted.length == 0) {
            return 0;
        }
        final int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
