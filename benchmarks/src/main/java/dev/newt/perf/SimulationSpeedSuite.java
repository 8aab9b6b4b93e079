package dev.newt.perf;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.StreamWorkloadSpecs;
import dev.newt.net.workload.WorkloadSpecs;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How much faster than real time the simulated executor runs a workload: two hosts over a wire
 * with 1 ms latency and 1% loss, carrying a UDP echo run, pings and a bulk TCP transfer at once;
 * the figure is virtual time elapsed over wall time taken. A second figure divides by the driving
 * thread's CPU time instead: on a machine shared with other work, wall time measures the
 * scheduler's queue as much as the simulation, CPU time less so (it still leaves out the JIT and
 * GC threads). A third counts the bytes the driving thread allocated per run, which the machine's
 * load does not change.
 */
final class SimulationSpeedSuite {
    private static final List<String> WORKLOADS = List.of("a.app.echo-client", "a.app.ping", "b.app.bulk-receiver");

    private SimulationSpeedSuite() {
    }

    /**
     * @param rounds   measured runs
     * @param warmUps  runs before them, not measured: the first runs measure the JIT compiler
     * @param progress where a line per run goes
     * @return the speed-up over real time
     */
    static List<Figure> run(final int rounds, final int warmUps, final PrintStream progress) {
        final double[] speedups = new double[rounds];
        final double[] cpuSpeedups = new double[rounds];
        final double[] allocatedMb = new double[rounds];
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final com.sun.management.ThreadMXBean allocations = threads instanceof com.sun.management.ThreadMXBean t ? t : null;
        // Runs -warmUps..-1 warm the JIT up: a cold first run is several times slower and measures the compiler.
        for (int r = -warmUps; r < rounds; r++) {
            final Topology t = Topology.builder().host("a", "10.0.0.1/24").host("b", "10.0.0.2/24")
                .wire("a", "b", w -> w.latency(Duration.ofMillis(1)).loss(0.01)).build();
            try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(100 + Math.max(0, r)).simulated())
                .server(WorkloadSpecs.udpEchoServer(t.host("b"), 7))
                .server(WorkloadSpecs.udpEchoClient(t.host("a"), t.host("b").address(), 7, 2000,
                    Duration.ofMillis(1), 64, 3))
                .server(WorkloadSpecs.ping(t.host("a"), t.host("b").address(), 200, Duration.ofMillis(10), 4))
                .server(StreamWorkloadSpecs.bulkReceiver(t.host("b"), 5001, 4 << 20, 9))
                .server(StreamWorkloadSpecs.bulkSender(t.host("a"), t.host("b").address(), 5001, 4 << 20, 9))
                .build()) {
                final Set<String> finished = new HashSet<>();
                rt.events().subscribe(e -> {
                    if (e instanceof CustomEvent c && c.kind().equals(EventKinds.WORKLOAD_SUMMARY)) {
                        finished.add(c.server());
                    }
                });
                final long wall = System.nanoTime();
                final long cpu = threads.getCurrentThreadCpuTime();
                final long allocated = allocations == null ? 0 : allocations.getCurrentThreadAllocatedBytes();
                rt.start();
                final boolean done = rt.runUntil(() -> finished.containsAll(WORKLOADS), Duration.ofMinutes(5));
                final long wallNanos = System.nanoTime() - wall;
                final long cpuNanos = threads.getCurrentThreadCpuTime() - cpu;
                final long allocatedBytes = allocations == null ? 0 : allocations.getCurrentThreadAllocatedBytes() - allocated;
                if (!done) {
                    throw new IllegalStateException("the simulated workload did not finish in 5 virtual minutes");
                }
                final double speedup = (double) rt.now() / wallNanos;
                final double cpuSpeedup = (double) rt.now() / cpuNanos;
                progress.printf("  %s: %.2f s of virtual time in %.2f s (%.2f s of CPU, %.0f MB allocated): %.1fx real time (%.1fx CPU)%n",
                    r < 0 ? "warm-up " + (warmUps + r + 1) : "run " + (r + 1), rt.now() / 1e9, wallNanos / 1e9, cpuNanos / 1e9,
                    allocatedBytes / 1e6, speedup, cpuSpeedup);
                if (r >= 0) {
                    speedups[r] = speedup;
                    cpuSpeedups[r] = cpuSpeedup;
                    allocatedMb[r] = allocatedBytes / 1e6;
                }
            }
        }
        return List.of(Figure.of("simulation", "virtual/wall time", speedups, "x", ">= 50"),
            Figure.of("simulation", "virtual/cpu time", cpuSpeedups, "x", ""),
            Figure.of("simulation", "allocated per run", allocatedMb, "MB", ""));
    }
}
