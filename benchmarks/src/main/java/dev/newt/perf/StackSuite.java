package dev.newt.perf;

import dev.newt.core.runtime.NewtRuntime;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Bulk TCP throughput between two hosts over a large-MTU wire: Newt with a server per layer
 * (multiserver), Newt with each host's layers in one server (monolithic, the same protocol code),
 * and the kernel's loopback TCP through {@code java.nio}, in interleaved rounds.
 */
final class StackSuite {
    /** Large-MTU wire, as the issue asks: segments of 8960 bytes. */
    static final int MTU = 9000;
    private static final long SEED = 7;

    private StackSuite() {
    }

    /**
     * @param bytes    bytes per transfer
     * @param rounds   measured rounds
     * @param executor the executor Newt runs on
     * @param progress where a line per transfer goes
     * @return throughputs and the ratios the issue sets targets for
     */
    static List<Figure> run(final long bytes, final int rounds, final UnaryOperator<NewtRuntime.Builder> executor,
                            final PrintStream progress) {
        final Map<String, double[]> r = new Rounds()
            .add("kernel", () -> KernelLoopbackBulk.run(bytes, SEED))
            .add("multiserver", () -> NewtBulk.run("multiserver", NewtBulk.twoHosts(MTU), bytes, SEED, executor,
                rt -> { }, rt -> { }))
            .add("monolithic", () -> NewtBulk.run("monolithic", NewtBulk.twoHosts(MTU).monolithic(true), bytes, SEED,
                executor, rt -> { }, rt -> { }))
            .run(rounds, progress);
        final List<Figure> out = new ArrayList<>();
        r.forEach((k, v) -> out.add(Figure.of("stack", "bulk " + k, v, "MB/s", "")));
        out.add(Figure.of("stack", "multiserver/monolithic", Rounds.ratios(r.get("multiserver"), r.get("monolithic")),
            "x", ">= 0.9"));
        out.add(Figure.of("stack", "multiserver/kernel", Rounds.ratios(r.get("multiserver"), r.get("kernel")), "x",
            ">= 0.5 (moonshot 1.0)"));
        return out;
    }
}
