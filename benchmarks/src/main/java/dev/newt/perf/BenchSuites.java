package dev.newt.perf;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.RecoveryPolicy;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The macro suites of {@code newt bench}, with their sizes for a quick (about a minute on two
 * cores) and a full run (under ten minutes).
 */
public final class BenchSuites {
    /** Names of the suites, in the order they run. */
    public static final List<String> NAMES = List.of("hop", "stack", "recoverable", "faults", "recovery", "update", "connections",
        "simulation", "campaigns", "tap", "fuzz", "rings", "replicas", "isolation");

    private BenchSuites() {
    }

    /**
     * @param suites   which suites to run, from {@link #NAMES}
     * @param quick    the quick sizes
     * @param progress where each suite reports as it goes
     * @return every figure, suite by suite
     */
    public static List<Figure> run(final Set<String> suites, final boolean quick, final PrintStream progress) {
        final UnaryOperator<NewtRuntime.Builder> threaded = b -> b.realTime("backoff");
        final long bytes = (quick ? 16L : 64L) * 1_000_000L;
        final int rounds = quick ? 2 : 5;
        final List<Figure> out = new ArrayList<>();
        for (String suite : NAMES) {
            if (!suites.contains(suite)) {
                continue;
            }
            progress.println(suite + ":");
            switch (suite) {
                case "hop" -> out.addAll(HopSuite.run(quick ? 100_000 : 500_000, rounds, progress));
                case "stack" -> out.addAll(StackSuite.run(bytes, rounds, threaded, progress));
                case "recoverable" -> out.addAll(RecoverableSuite.run(bytes, rounds, threaded, progress));
                case "faults" -> out.addAll(TcpFaultSuite.run(bytes, rounds, threaded, progress));
                case "recovery" -> out.addAll(RecoverySuite.run(quick ? 10 : 30, quick
                    ? List.of(RecoveryPolicy.CHECKPOINT)
                    : List.of(RecoveryPolicy.FRESH, RecoveryPolicy.CHECKPOINT, RecoveryPolicy.CHECKPOINT_REPLAY),
                    threaded, progress));
                case "update" -> out.addAll(UpdateSuite.run(quick ? new int[] {100, 1000} : new int[] {100, 1000, 10_000},
                    quick ? 2 : 3, progress));
                case "connections" -> out.addAll(ConnectionsSuite.run(quick ? new int[] {1, 100}
                    : new int[] {1, 100, 1000}, bytes, progress));
                case "simulation" -> out.addAll(SimulationSpeedSuite.run(quick ? 1 : 5, quick ? 1 : 3, progress));
                case "campaigns" -> out.addAll(CampaignsSuite.run(quick, progress));
                case "tap" -> out.addAll(TapSuite.run(quick ? 16 : 64, rounds, quick ? 500 : 2000, quick ? 1 : 2,
                    progress));
                case "fuzz" -> out.addAll(FuzzSuite.run(quick ? 100_000 : 1_000_000, progress));
                case "rings" -> out.addAll(RingsSuite.run(bytes, quick ? 500 : 2000, rounds, threaded, progress));
                case "replicas" -> out.addAll(ReplicasSuite.run(new int[] {1, 2, 4}, bytes, rounds, progress));
                case "isolation" -> out.addAll(IsolationSuite.run(quick ? 20_000 : 100_000, rounds, quick ? 10 : 30,
                    progress));
                default -> throw new IllegalArgumentException("unknown suite '" + suite + "'");
            }
        }
        return out;
    }
}
