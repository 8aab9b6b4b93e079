package dev.newt.net.workload;

import java.util.Arrays;

/**
 * Round-trip times recorded by a workload, as a growable array in its checkpointed state.
 * Percentiles are exact (nearest rank), computed on a sorted copy.
 */
public final class RttStats {
    long[] samples = new long[16];
    int count;

    /** @param nanos one round-trip time */
    public void add(final long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    /** @return samples recorded */
    public int count() {
        return count;
    }

    /** @param p percentile in (0, 100] @return the nearest-rank percentile, or 0 with no samples */
    public long percentile(final double p) {
        return nearestRank(sorted(), p);
    }

    /** @return a sorted copy of the samples, for several percentiles from one sort */
    long[] sorted() {
        final long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return sorted;
    }

    /** @param sorted sorted samples @param p percentile in (0, 100] @return nearest rank, 0 if none */
    static long nearestRank(final long[] sorted, final double p) {
        if (sorted.length == 0) {
            return 0;
        }
        final int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** @return the mean, or 0 with no samples */
    public long mean() {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += samples[i];
        }
        return count == 0 ? 0 : sum / count;
    }
}
