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

/** {@code newt ping}: host a pings host b across a wire, through the stack's servers. */
@Command(name = "ping", mixinStandardHelpOptions = true,
    description = "Boots two Newt hosts (a 10.0.0.1, b 10.0.0.2) joined by a wire and pings b from a.")
final class PingCommand implements Callable<Integer> {
    @Mixin
    TwoHostOptions hosts;

    @Option(names = "--count", defaultValue = "100", description = "Echo requests (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--interval-us", defaultValue = "1000",
        description = "Microseconds between requests (default: ${DEFAULT-VALUE}).")
    long intervalMicros;

    @Override
    public Integer call() throws Exception {
        final Topology t = hosts.topology();
        try (NewtRuntime rt = t.install(hosts.runtime())
            .server(WorkloadSpecs.ping(t.host("a"), t.host("b").address(), count,
                Duration.ofNanos(intervalMicros * 1000), hosts.seed))
            .build()) {
            rt.start();
            final Map<String, Object> s = TwoHostOptions.awaitSummary(rt, "a.app.ping", Duration.ofSeconds(120));
            System.out.printf(Locale.ROOT, "ping 10.0.0.2 from 10.0.0.1 (%s executor, latency %d us, loss %.3f)%n",
                hosts.executor, hosts.latencyMicros, hosts.loss);
            System.out.printf(Locale.ROOT, "%d sent, %d received, %d lost, %d duplicated, %d corrupted%n",
                TwoHostOptions.figure(s, "sent"), TwoHostOptions.figure(s, "received"),
                TwoHostOptions.figure(s, "lost"), TwoHostOptions.figure(s, "duplicated"),
                TwoHostOptions.figure(s, "corrupted"));
            System.out.printf(Locale.ROOT, "rtt min/p50/p99/max = %.1f/%.1f/%.1f/%.1f us%n",
                TwoHostOptions.figure(s, "rttMinNanos") / 1e3, TwoHostOptions.figure(s, "rttP50Nanos") / 1e3,
                TwoHostOptions.figure(s, "rttP99Nanos") / 1e3, TwoHostOptions.figure(s, "rttMaxNanos") / 1e3);
            return TwoHostOptions.figure(s, "corrupted") == 0 ? NewtCli.OK : NewtCli.UNEXPECTED;
        }
    }
}
