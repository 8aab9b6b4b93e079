package dev.newt.perf;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.faults.FaultPlan;
import dev.newt.faults.FaultSpec;
import dev.newt.faults.Trigger;
import dev.newt.faults.inject.FaultInjector;
import dev.newt.net.host.HostConfig;
import dev.newt.net.topology.Topology;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What faults cost a bulk transfer over TCP. Both hosts' tcp are loaded from images in every
 * configuration, so that only the weaving differs: {@code plain} (not woven), {@code disarmed}
 * (every method of the tcp package woven with fault sites that are never armed: the injector's
 * overhead) and {@code crash} (a.tcp crashes once in mid-transfer and is recovered by its policy:
 * the throughput cost of a tcp crash).
 */
final class TcpFaultSuite {
    private static final long SEED = 11;
    private static final String WIRE = "wire.a-b";

    private TcpFaultSuite() {
    }

    /** Every method of tcp woven, never armed: the cost of the sites alone. */
    private static FaultInjector disarmed() {
        return FaultInjector.of(FaultPlan.of(1,
            FaultSpec.builder("crash-any").site("a.tcp", "*", "*").type("crash").trigger(Trigger.nth(1)).build(),
            FaultSpec.builder("crash-any-b").site("b.tcp", "*", "*").type("crash").trigger(Trigger.nth(1)).build()));
    }

    /** One crash of a.tcp's message handler at its {@code nth} message. */
    private static FaultInjector crashAt(final long nth) {
        return FaultInjector.of(FaultPlan.of(1, FaultSpec.builder("tcp-crash").site("a.tcp", "*TcpServer", "handle")
            .type("crash").trigger(Trigger.nth(nth)).build()));
    }

    private static BulkRun bulk(final String config, final FaultInjector faults, final boolean arm, final long bytes,
                                final UnaryOperator<NewtRuntime.Builder> executor) {
        final HostConfig a = HostConfig.of("a", "10.0.0.1/24", WIRE).withMtu(StackSuite.MTU);
        final HostConfig b = HostConfig.of("b", "10.0.0.2/24", WIRE).withMtu(StackSuite.MTU);
        final Topology.Builder t = NewtBulk.twoHosts(StackSuite.MTU)
            .configure("a.tcp", s -> TcpImages.spec(a, faults))
            .configure("b.tcp", s -> TcpImages.spec(b, faults));
        // Disarmed again after the run: an armed site anywhere in the JVM makes every woven site
        // read the fault table, and the next configuration would measure that.
        return NewtBulk.run(config, t, bytes, SEED, executor, rt -> {
            if (arm) {
                faults.install(rt);
            }
        }, rt -> {
            if (arm) {
                faults.finish();
            }
        });
    }

    /**
     * @param bytes    bytes per transfer
     * @param rounds   measured rounds
     * @param executor the executor
     * @param progress where a line per transfer goes
     * @return throughputs, the injector's overhead and the cost of a crash, as ratios to plain
     */
    static List<Figure> run(final long bytes, final int rounds, final UnaryOperator<NewtRuntime.Builder> executor,
                            final PrintStream progress) {
        // a.tcp handles about one message per 9 KB segment sent and one per ACK: crash a third of the way.
        final long nth = Math.max(10, bytes / StackSuite.MTU / 2);
        final Map<String, double[]> r = new Rounds()
            .add("plain", () -> bulk("plain", null, false, bytes, executor))
            .add("disarmed", () -> bulk("disarmed", disarmed(), false, bytes, executor))
            .add("crash", () -> bulk("crash", crashAt(nth), true, bytes, executor))
            .run(rounds, progress);
        final List<Figure> out = new ArrayList<>();
        r.forEach((k, v) -> out.add(Figure.of("faults", "bulk tcp " + k, v, "MB/s", "")));
        out.add(Figure.of("faults", "woven-disarmed/plain", Rounds.ratios(r.get("disarmed"), r.get("plain")), "x",
            ">= 0.98"));
        out.add(Figure.of("faults", "one tcp crash/plain", Rounds.ratios(r.get("crash"), r.get("plain")), "x", ""));
        return out;
    }
}
