package dev.newt.perf;

import java.util.Arrays;

/** Order statistics of a handful of measurements. */
final class Samples {
    private Samples() {
    }

    /** @param values measurements @return their median */
    static double median(final double[] values) {
        final double[] s = values.clone();
        Arrays.sort(s);
        final int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** @param values measurements @return the smallest */
    static double min(final double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    /** @param values measurements @return the largest */
    static double max(final double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
