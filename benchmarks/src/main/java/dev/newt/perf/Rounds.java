package dev.newt.perf;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs configurations in interleaved rounds (A B C, A B C, ...) after one warm-up round, so that a
 * slow spell of a shared machine hits every configuration alike, and ratios are taken within a
 * round.
 */
final class Rounds {
    private final Map<String, Supplier<BulkRun>> configs = new LinkedHashMap<>();

    /** @param name configuration @param run one transfer of it @return this */
    Rounds add(final String name, final Supplier<BulkRun> run) {
        configs.put(name, run);
        return this;
    }

    /**
     * @param rounds   measured rounds
     * @param progress where a line per transfer goes
     * @return per configuration, the MB/s of each measured round
     * @throws IllegalStateException if a transfer was not intact: a figure of a broken run is no figure
     */
    Map<String, double[]> run(final int rounds, final PrintStream progress) {
        final Map<String, List<Double>> mbps = new LinkedHashMap<>();
        configs.keySet().forEach(k -> mbps.put(k, new ArrayList<>()));
        for (int r = -1; r < rounds; r++) {
            for (Map.Entry<String, Supplier<BulkRun>> c : configs.entrySet()) {
                final BulkRun run = c.getValue().get();
                if (!run.intact()) {
                    throw new IllegalStateException(c.getKey() + " transfer was not intact in round " + (r + 1) + ": "
                        + run.detail());
                }
                progress.printf("  %-9s %-22s %8.1f MB/s%n", r < 0 ? "warm-up" : "round " + (r + 1), c.getKey(),
                    run.megabytesPerSecond());
                if (r >= 0) {
                    mbps.get(c.getKey()).add(run.megabytesPerSecond());
                }
            }
        }
        final Map<String, double[]> out = new LinkedHashMap<>();
        mbps.forEach((k, v) -> out.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    /**
     * @param a per-round figures of the numerator
     * @param b per-round figures of the denominator, same rounds
     * @return the ratio of each round
     */
    static double[] ratios(final double[] a, final double[] b) {
        final double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return r;
    }
}
