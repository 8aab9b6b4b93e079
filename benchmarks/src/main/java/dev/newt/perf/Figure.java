package dev.newt.perf;

/**
 * One figure of a benchmark suite: a measured value, or a ratio of two measured side by side.
 *
 * @param suite  the suite, such as {@code stack}
 * @param metric what was measured, such as {@code multiserver/monolithic}
 * @param value  the median over the rounds
 * @param min    the smallest round
 * @param max    the largest round
 * @param unit   {@code MB/s}, {@code x} for a ratio, {@code us}, ...
 * @param target the target as written in the issue, or empty
 */
public record Figure(String suite, String metric, double value, double min, double max, String unit,
                     String target) {
    /**
     * @param suite  the suite
     * @param metric what was measured
     * @param rounds one value per round
     * @param unit   the unit
     * @param target the target, or empty
     * @return the figure: median, min and max of the rounds
     */
    static Figure of(final String suite, final String metric, final double[] rounds, final String unit,
                     final String target) {
        return new Figure(suite, metric, Samples.median(rounds), Samples.min(rounds), Samples.max(rounds), unit,
            target);
    }
}
