package dev.newt.net.stack;

import static dev.newt.net.stack.StackRuns.awaitSummary;
import static dev.newt.net.stack.StackRuns.figure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.WorkloadMetric;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.app.AppSpecs;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.StreamPattern;
import dev.newt.net.workload.StreamWorkloadSpecs;
import dev.newt.net.workload.WorkloadSpecs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every workload reports the figures outcome rule 8 and the report's timeline read: its elapsed
 * time and its per-request latency in its summary, and metric bins with a rate and a latency.
 */
class WorkloadFiguresTest {
    private static final List<String> WORKLOADS = List.of("a.app.http-fetch", "a.app.echo-client", "a.app.ping",
        "a.app.bulk-sender", "b.app.bulk-receiver", "a.app.rpc-client");

    @Test
    void everyWorkloadReportsElapsedTimeLatencyAndMetricBins() throws Exception {
        final Topology t = Topology.builder().host("a", "10.0.0.1/24").host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofMillis(1))).build();
        final var b = t.host("b").address();
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(5))
            .server(AppSpecs.httpServer(t.host("b"), 80, Map.of("/x.bin", StreamPattern.make(1, 0, 20_000))))
            .server(AppSpecs.httpFetch(t.host("a"), b, 80, List.of("/x.bin", "/x.bin", "/x.bin"), Map.of(), true))
            .server(WorkloadSpecs.udpEchoServer(t.host("b"), 7))
            .server(WorkloadSpecs.udpEchoClientClosedLoop(t.host("a"), b, 7, 50, 4, 64, 3))
            .server(WorkloadSpecs.ping(t.host("a"), b, 10, Duration.ofMillis(10), 4))
            .server(StreamWorkloadSpecs.bulkReceiver(t.host("b"), 9000, 100_000, 6))
            .server(StreamWorkloadSpecs.bulkSender(t.host("a"), b, 9000, 100_000, 6))
            .server(StreamWorkloadSpecs.rpcServer(t.host("b"), 9001))
            .server(StreamWorkloadSpecs.rpcClient(t.host("a"), b, 9001, 20, 64, 64, true, 7))
            .build()) {
            rt.start();
            for (String w : WORKLOADS) {
                final Map<String, Object> s = awaitSummary(rt, w, Duration.ofSeconds(20));
                assertThat(figure(s, "elapsedNanos")).as(w + " elapsed").isPositive();
                assertThat(figure(s, "latencyP50Nanos")).as(w + " latency p50").isPositive();
                assertThat(figure(s, "latencyP99Nanos")).as(w + " latency p99")
                    .isGreaterThanOrEqualTo(figure(s, "latencyP50Nanos"));
                assertThat(figure(s, "latencyMaxNanos")).as(w + " latency max")
                    .isGreaterThanOrEqualTo(figure(s, "latencyP99Nanos"));
                final List<Map<String, Object>> bins = rt.events().ofType(CustomEvent.class).stream()
                    .filter(e -> e.kind().equals(EventKinds.WORKLOAD_METRIC) && e.server().equals(w))
                    .map(e -> WorkloadMetric.from(e).figures()).toList();
                assertThat(bins).as(w + " metric bins").isNotEmpty();
                assertThat(bins).as(w + " bins draw a rate").anyMatch(f -> f.keySet().stream()
                    .anyMatch(k -> k.endsWith("PerSecond") && ((Number) f.get(k)).longValue() > 0));
                assertThat(bins).as(w + " bins draw a latency").anyMatch(f -> f.keySet().stream()
                    .anyMatch(k -> k.endsWith("Nanos") && !k.equals("binNanos")));
            }
        }
    }
}
