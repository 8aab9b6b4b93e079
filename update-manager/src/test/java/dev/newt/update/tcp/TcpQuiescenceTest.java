package dev.newt.update.tcp;

import static dev.newt.update.tcp.Runs.awaitSummary;
import static dev.newt.update.tcp.Runs.counters;
import static dev.newt.update.tcp.Runs.events;
import static dev.newt.update.tcp.Runs.figure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.EventKinds;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.tcp.TcpServer;
import dev.newt.net.tcp.TcpState;
import dev.newt.net.topology.Topology;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.workload.StreamWorkloadSpecs;
import dev.newt.update.HealthCheck;
import dev.newt.update.UpdateManager;
import dev.newt.update.UpdateOutcome;
import dev.newt.update.UpdatePlan;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * tcp's safe point for an update, {@code quiescent(state)}: no handshake in progress. An update
 * requested during a handshake waits for it; one that a handshake outlasts is aborted at its
 * deadline and version 1 goes on untouched.
 */
class TcpQuiescenceTest {
    private static final HostConfig A = HostConfig.of("a", "10.0.0.1/24", "wire.a-b");
    private static final HostConfig B = HostConfig.of("b", "10.0.0.2/24", "wire.a-b");
    private static final long BULK = 64 * 1024;

    private static Topology twoHosts() {
        final Topology t = Topology.builder()
            .host("a", "10.0.0.1/24")
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofMillis(1)).bandwidth(100_000_000))
            // A checkpoint after every message, so that the test reads a.tcp's current state.
            .configure("a.tcp", s -> s.withCheckpoints(CheckpointPolicy.EVERY_MESSAGE))
            .build();
        assertThat(t.host("a")).isEqualTo(A);
        return t;
    }

    /** @return whether a.tcp's current state (its latest checkpoint, see above) has a handshake in progress */
    private static boolean handshaking(final NewtRuntime rt) {
        return rt.store().latest("a.tcp").isPresent() && rt.checkpointedState("a.tcp", TcpServer.State.class).connections.values().stream()
            .anyMatch(c -> c.state == TcpState.SYN_SENT || c.state == TcpState.SYN_RECEIVED);
    }

    @Test
    void updateRequestedDuringAHandshakeWaitsUntilTheConnectionIsEstablished() {
        final Topology t = twoHosts();
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(5))
            .server(StreamWorkloadSpecs.bulkReceiver(B, 5001, BULK, 3))
            .server(StreamWorkloadSpecs.bulkSender(A, B.address(), 5001, BULK, 3))
            .build()) {
            rt.start();
            assertThat(rt.runUntil(() -> handshaking(rt), Duration.ofMillis(5))).as("a's SYN is out").isTrue();

            final UpdateOutcome o = UpdateManager.of(rt).update(UpdatePlan.of("a.tcp", TcpImages.v2(rt.spec("a.tcp"), A))
                .quiesceDeadline(Duration.ofMillis(100)).probation(Duration.ofMillis(5), HealthCheck.serving()));
            assertThat(o.result()).as(o.reason()).isEqualTo(UpdateOutcome.Result.COMMITTED);
            assertThat(o.quiesceNanos()).as("held until the SYN-ACK came back, a round trip of 2 ms")
                .isGreaterThanOrEqualTo(1_000_000L);
            assertThat(events(rt, EventKinds.TCP_UPDATED)).singleElement().satisfies(e -> {
                assertThat(((Number) e.get("connections")).longValue()).isEqualTo(1);
                assertThat(((Number) e.get("established")).longValue()).isEqualTo(1);
            });
            final Map<String, Object> r = awaitSummary(rt, "b.app.bulk-receiver", Duration.ofSeconds(10));
            assertThat(r.get("complete")).isEqualTo(true);
            assertThat(figure(r, "bytesCorrupted")).isZero();
        }
    }

    @Test
    void updateIsAbortedWhenAHandshakeOutlastsTheQuiesceDeadlineAndVersion1GoesOn() {
        try (NewtRuntime rt = twoHosts().install(NewtRuntime.builder().seed(5)).build()) {
            rt.start();
            // Nobody has 10.0.0.9: ARP goes unanswered and the SYN never leaves, for a minute of retries.
            final CompletableFuture<Envelope> connect = rt.client("a.app.test")
                .request("a.tcp", new StreamConnect(Ipv4Address.parse("10.0.0.9"), 80, 0));
            assertThat(rt.runUntil(() -> handshaking(rt), Duration.ofMillis(5))).isTrue();

            final UpdateOutcome o = UpdateManager.of(rt).update(UpdatePlan.of("a.tcp", TcpImages.v2(rt.spec("a.tcp"), A))
                .quiesceDeadline(Duration.ofMillis(50)));
            assertThat(o.result()).isEqualTo(UpdateOutcome.Result.ABORTED);
            assertThat(o.quiesceNanos()).isGreaterThanOrEqualTo(50_000_000L);
            assertThat(events(rt, EventKinds.TCP_UPDATED)).isEmpty();
            assertThat(handshaking(rt)).as("the half-open connection is untouched").isTrue();
            assertThat(connect).isNotDone();
            assertThat(counters(rt, rt.client("test.stats"), "a.tcp")).as("version 1 serves")
                .doesNotContainKey("version");
        }
    }
}
