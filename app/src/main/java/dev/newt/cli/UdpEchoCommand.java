package dev.newt.cli;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.WorkloadSpecs;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code newt udp-echo}: the UDP echo workload between two hosts, with its accounting. */
@Command(name = "udp-echo", mixinStandardHelpOptions = true,
    description = "Boots two Newt hosts joined by a wire; a sends self-checking datagrams to an echo server "
        + "on b and accounts for every one.")
final class UdpEchoCommand implements Callable<Integer> {
    @Mixin
    TwoHostOptions hosts;

    @Option(names = "--count", defaultValue = "10000", description = "Datagrams (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--window", defaultValue = "32",
        description = "Datagrams kept outstanding (closed loop; an unanswered one frees its slot after 100 ms) "
            + "(default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--size", defaultValue = "64", description = "Payload bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Override
    public Integer call() throws Exception {
        final Topology t = hosts.topology();
        try (NewtRuntime rt = t.install(hosts.runtime())
            .server(WorkloadSpecs.udpEchoServer(t.host("b"), 7))
            .server(WorkloadSpecs.udpEchoClientClosedLoop(t.host("a"), t.host("b").address(), 7, count, window,
                size, hosts.seed))
            .build()) {
            rt.start();
            final long wall0 = System.nanoTime();
            final long t0 = rt.now();
            final Map<String, Object> s = TwoHostOptions.awaitSummary(rt, "a.app.echo-client",
                Duration.ofSeconds(300));
            // The summary comes after a 100 ms drain; the rate counts from the start to the last echo.
            final double seconds = (rt.now() - t0 - 1e8) / 1e9;
            final long received = TwoHostOptions.figure(s, "received");
            final double wallSeconds = (System.nanoTime() - wall0) / 1e9;
            System.out.printf(Locale.ROOT,
                "udp-echo a -> b:7 (%s executor, %d x %d bytes, window %d, latency %d us, loss %.3f)%n",
                hosts.executor, count, size, window, hosts.latencyMicros, hosts.loss);
            System.out.printf(Locale.ROOT, "%d sent, %d received, %d lost, %d duplicated, %d corrupted, %d errors%n",
                TwoHostOptions.figure(s, "sent"), received, TwoHostOptions.figure(s, "lost"),
                TwoHostOptions.figure(s, "duplicated"), TwoHostOptions.figure(s, "corrupted"),
                TwoHostOptions.figure(s, "errors"));
            System.out.printf(Locale.ROOT, "rate %.0f echoes/s of %s time; rtt p50/p99/max = %.1f/%.1f/%.1f us%n",
                received / Math.max(1e-9, seconds), rt.simulated() ? "virtual" : "real",
                TwoHostOptions.figure(s, "rttP50Nanos") / 1e3, TwoHostOptions.figure(s, "rttP99Nanos") / 1e3,
                TwoHostOptions.figure(s, "rttMaxNanos") / 1e3);
            if (rt.simulated()) {
                System.out.printf(Locale.ROOT, "simulated %.3f s of virtual time in %.3f s of wall time (%.1fx)%n",
                    seconds + 0.1, wallSeconds, (seconds + 0.1) / wallSeconds);
            }
            return TwoHostOptions.figure(s, "corrupted") == 0 ? NewtCli.OK : NewtCli.UNEXPECTED;
        }
    }
}
