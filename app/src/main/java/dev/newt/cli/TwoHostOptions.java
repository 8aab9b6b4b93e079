package dev.newt.cli;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.topology.Topology;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Option;

/** Options shared by the two-host network commands: executor, seed and the wire between a and b. */
final class TwoHostOptions {
    @Option(names = "--executor", defaultValue = "simulated",
        description = "simulated, pooled (servers on one worker thread per core) or threaded (a thread per "
            + "server) (default: ${DEFAULT-VALUE}).")
    String executor;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--latency-us", defaultValue = "100",
        description = "One-way wire latency in microseconds (default: ${DEFAULT-VALUE}).")
    long latencyMicros;

    @Option(names = "--loss", defaultValue = "0", description = "Frame loss probability (default: ${DEFAULT-VALUE}).")
    double loss;

    Topology topology() {
        return Topology.builder()
            .host("a", "10.0.0.1/24")
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofNanos(latencyMicros * 1000)).loss(loss))
            .build();
    }

    NewtRuntime.Builder runtime() {
        return switch (executor) {
            case "simulated" -> NewtRuntime.builder().seed(seed).simulated();
            case "threaded" -> NewtRuntime.builder().seed(seed).threaded("backoff");
            case "pooled" -> NewtRuntime.builder().seed(seed)
                .pooled(Runtime.getRuntime().availableProcessors(), "backoff");
            default -> throw new IllegalArgumentException("--executor must be simulated, pooled or threaded, was '"
                + executor + "'");
        };
    }

    /** Runs (simulated) or waits (threaded) for a workload's summary. */
    static Map<String, Object> awaitSummary(final NewtRuntime rt, final String workload, final Duration limit)
        throws TimeoutException, InterruptedException {
        if (rt.simulated()) {
            rt.runUntil(() -> find(rt, workload) != null, limit);
        } else {
            rt.events().await(e -> e instanceof CustomEvent c && c.kind().equals(EventKinds.WORKLOAD_SUMMARY)
                && c.server().equals(workload), limit);
        }
        final Map<String, Object> s = find(rt, workload);
        if (s == null) {
            throw new TimeoutException(workload + " did not finish within " + limit);
        }
        return s;
    }

    private static Map<String, Object> find(final NewtRuntime rt, final String workload) {
        return rt.events().ofType(CustomEvent.class).stream()
            .filter(e -> e.kind().equals(EventKinds.WORKLOAD_SUMMARY) && e.server().equals(workload))
            .map(CustomEvent::fields).findFirst().orElse(null);
    }

    static long figure(final Map<String, Object> s, final String name) {
        return ((Number) s.get(name)).longValue();
    }
}
