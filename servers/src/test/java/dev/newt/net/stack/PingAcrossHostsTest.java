package dev.newt.net.stack;

import static dev.newt.net.stack.StackRuns.awaitSummary;
import static dev.newt.net.stack.StackRuns.figure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.WorkloadSpecs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Host a pings host b across a wire with 1 ms of latency each way, through ARP, ip and nic. */
class PingAcrossHostsTest {

    private static Topology twoHosts() {
        return Topology.builder()
            .host("a", "10.0.0.1/24")
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofMillis(1)))
            .build();
    }

    private static NewtRuntime runtime(final Topology t, final NewtRuntime.Builder b) {
        return t.install(b).server(WorkloadSpecs.ping(t.host("a"), t.host("b").address(), 20,
            Duration.ofMillis(10), 5)).build();
    }

    @Test
    void everyPingIsAnsweredInTwiceTheWireLatencyOnTheSimulatedExecutor() throws Exception {
        final Topology t = twoHosts();
        try (NewtRuntime rt = runtime(t, NewtRuntime.builder().seed(1))) {
            rt.start();
            final Map<String, Object> s = awaitSummary(rt, "a.app.ping", Duration.ofSeconds(5));
            assertThat(figure(s, "sent")).isEqualTo(20);
            assertThat(figure(s, "received")).isEqualTo(20);
            assertThat(figure(s, "lost")).isZero();
            assertThat(figure(s, "corrupted")).isZero();
            // Two wire crossings of 1 ms, plus 1 µs of virtual time per message handled on the way
            // (app, ip, nic, wire, nic, ip and back: a dozen steps); the first ping also waits for ARP.
            assertThat(figure(s, "rttP50Nanos")).isBetween(2_000_000L, 2_050_000L);
            assertThat(figure(s, "rttMaxNanos")).isBetween(4_000_000L, 4_100_000L);
        }
    }

    @Test
    void everyPingIsAnsweredOnTheThreadedExecutor() throws Exception {
        final Topology t = twoHosts();
        try (NewtRuntime rt = runtime(t, NewtRuntime.builder().threaded("park"))) {
            rt.start();
            final Map<String, Object> s = awaitSummary(rt, "a.app.ping", Duration.ofSeconds(30));
            assertThat(figure(s, "received")).isEqualTo(20);
            assertThat(figure(s, "rttP50Nanos")).isGreaterThanOrEqualTo(2_000_000L);
        }
    }
}
