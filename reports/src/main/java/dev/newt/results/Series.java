package dev.newt.results;

/**
 * One figure of a workload over time.
 *
 * @param name    server and figure, such as {@code b.app.bulk throughputBytesPerSecond}
 * @param xMillis bin times, milliseconds of runtime clock
 * @param y       the figure in each bin
 */
public record Series(String name, double[] xMillis, double[] y) {
}
