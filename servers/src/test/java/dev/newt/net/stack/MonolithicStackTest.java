package dev.newt.net.stack;

import static dev.newt.net.stack.StackRuns.awaitSummary;
import static dev.newt.net.stack.StackRuns.figure;
import static dev.newt.net.stack.StackRuns.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.core.composite.CompositeServer;
import dev.newt.core.event.ReplyOrphaned;
import dev.newt.core.event.StaleRequestDropped;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.runtime.ServerStatus;
import dev.newt.core.server.NoState;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Crashable;
import dev.newt.net.msg.Stats;
import dev.newt.net.pf.PfAction;
import dev.newt.net.pf.PfRules;
import dev.newt.net.pf.PfServer;
import dev.newt.net.topology.Topology;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.workload.WorkloadSpecs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The two-host scenarios with each host's stack run as one server (the monolithic configuration):
 * the same protocol code, the same names, the same exact accounting as with a server per layer.
 */
class MonolithicStackTest {
    private static final int COUNT = 2000;

    private static Topology.Builder twoHosts(final Function<Topology.Builder, Topology.Builder> wire) {
        return wire.apply(Topology.builder().host("a", "10.0.0.1/24").host("b", "10.0.0.2/24"));
    }

    private static NewtRuntime ping(final Topology t, final NewtRuntime.Builder b) {
        return t.install(b).server(WorkloadSpecs.ping(t.host("a"), t.host("b").address(), 20,
            Duration.ofMillis(10), 5)).build();
    }

    private static NewtRuntime echo(final Topology t, final NewtRuntime.Builder b) {
        return t.install(b)
            .server(WorkloadSpecs.udpEchoServer(t.host("b"), 7))
            .server(WorkloadSpecs.udpEchoClient(t.host("a"), t.host("b").address(), 7, COUNT,
                Duration.ofMillis(1), 64, 99))
            .build();
    }

    private static long arp(final Stats a, final Stats b, final String dir) {
        return a.get("arp.requests." + dir) + a.get("arp.replies." + dir) + b.get("arp.requests." + dir)
            + b.get("arp.replies." + dir);
    }

    private static long handledByHostA(final NewtRuntime rt) {
        return rt.statuses().stream().filter(s -> s.name().startsWith("a.") && !s.name().startsWith("a.app"))
            .mapToLong(ServerStatus::handled).sum();
    }

    @Test
    void eachHostBecomesOneStackServerWhoseAliasesAreTheLayerNames() {
        final Topology t = twoHosts(b -> b.wire("a", "b")).monolithic(true).build();
        assertThat(t.specs()).extracting(ServerSpec::name).containsExactly("wire.a-b", "a.stack", "b.stack");
        assertThat(t.specs().get(1).aliases()).containsExactly("a.nic", "a.ip", "a.pf", "a.udp", "a.tcp", "a.sock");
        assertThat(t.specs().get(1).stateType()).isEqualTo(CompositeServer.State.class);
        // The layers' watches (sock watches udp) are among themselves: the stack watches nothing.
        assertThat(t.specs().get(1).watches()).isEmpty();
        assertThat(Topology.stackOf("a")).isEqualTo("a.stack");
    }

    @Test
    void pingsAreAllAnsweredAcrossMonolithicHostsWithFewerMessagesHandled() throws Exception {
        final long[] handled = new long[2];
        for (int mono = 0; mono < 2; mono++) {
            final Topology t = twoHosts(b -> b.wire("a", "b", w -> w.latency(Duration.ofMillis(1))))
                .monolithic(mono == 1).build();
            try (NewtRuntime rt = ping(t, NewtRuntime.builder().seed(1))) {
                rt.start();
                final Map<String, Object> s = awaitSummary(rt, "a.app.ping", Duration.ofSeconds(5));
                assertThat(figure(s, "sent")).isEqualTo(20);
                assertThat(figure(s, "received")).isEqualTo(20);
                assertThat(figure(s, "lost")).isZero();
                assertThat(figure(s, "corrupted")).isZero();
                assertThat(figure(s, "rttP50Nanos")).isBetween(2_000_000L, 2_050_000L);
                handled[mono] = handledByHostA(rt);
                if (mono == 1) {
                    assertThat(rt.status("a.ip").name()).isEqualTo("a.stack");
                    assertThat(stats(rt, rt.client("test"), "a.ip").get("icmp.echo.replies.in")).isEqualTo(20);
                }
            }
        }
        // Host a's layers pass each ping up and down as messages; its stack takes only what
        // crosses its edge (the app's requests, the wire's frames and the timers).
        assertThat(handled[1]).isPositive().isLessThanOrEqualTo(handled[0] / 2);
    }

    @Test
    void lossyWireLosesExactlyTheEchoesWhoseFramesTheWireDroppedBetweenMonolithicHosts() throws Exception {
        final Topology t = twoHosts(b -> b.wire("a", "b", w -> w.latency(Duration.ofMillis(1)).loss(0.01)))
            .monolithic(true).build();
        try (NewtRuntime rt = echo(t, NewtRuntime.builder().seed(2024))) {
            rt.start();
            final Map<String, Object> s = awaitSummary(rt, "a.app.echo-client", Duration.ofSeconds(10));
            final NewtClient c = rt.client("test");
            final Stats wire = stats(rt, c, "wire.a-b");
            final Stats ipA = stats(rt, c, "a.ip");
            final Stats ipB = stats(rt, c, "b.ip");
            final long arpLost = arp(ipA, ipB, "out") - arp(ipA, ipB, "in");
            assertThat(figure(s, "sent")).isEqualTo(COUNT);
            assertThat(figure(s, "received") + figure(s, "lost")).isEqualTo(COUNT);
            assertThat(figure(s, "duplicated")).isZero();
            assertThat(figure(s, "corrupted")).isZero();
            assertThat(wire.get("lost")).as("1%% of ~4000 frames").isBetween(20L, 70L);
            assertThat(figure(s, "lost")).isEqualTo(wire.get("lost") - arpLost);
            assertThat(rt.events().ofType(ServerRestarted.class)).isEmpty();
        }
    }

    @Test
    void impairedWireBetweenMonolithicHostsIsAccountedAndReproducibleFromItsSeed() throws Exception {
        Map<String, Object> first = null;
        for (int run = 0; run < 2; run++) {
            final Topology t = twoHosts(b -> b.wire("a", "b", w -> w.latency(Duration.ofMillis(1)).loss(0.02)
                .duplicate(0.02).reorder(0.05, Duration.ofMillis(3)))).monolithic(true).build();
            try (NewtRuntime rt = echo(t, NewtRuntime.builder().seed(77))) {
                rt.start();
                final Map<String, Object> s = awaitSummary(rt, "a.app.echo-client", Duration.ofSeconds(10));
                assertThat(figure(s, "received") + figure(s, "lost")).isEqualTo(COUNT);
                assertThat(figure(s, "duplicated")).isPositive();
                assertThat(figure(s, "corrupted")).isZero();
                if (first == null) {
                    first = s;
                } else {
                    assertThat(s).isEqualTo(first);
                }
            }
        }
    }

    @Test
    void everyEchoIsDeliveredBetweenMonolithicHostsOnThePooledExecutor() throws Exception {
        final Topology t = twoHosts(b -> b.wire("a", "b", w -> w.latency(Duration.ofMillis(1))))
            .monolithic(true).build();
        try (NewtRuntime rt = echo(t, NewtRuntime.builder().pooled(2, "park"))) {
            rt.start();
            final Map<String, Object> s = awaitSummary(rt, "a.app.echo-client", Duration.ofSeconds(60));
            assertThat(figure(s, "received")).isEqualTo(COUNT);
            assertThat(figure(s, "lost")).isZero();
            assertThat(figure(s, "corrupted")).isZero();
        }
    }

    @Test
    void monolithicHostPingsAHostWithAServerPerLayer() throws Exception {
        final Topology t = twoHosts(b -> b.wire("a", "b", w -> w.latency(Duration.ofMillis(1))))
            .monolithic("a", true).build();
        assertThat(t.specs()).extracting(ServerSpec::name)
            .containsExactly("wire.a-b", "a.stack", "b.nic", "b.ip", "b.pf", "b.udp", "b.tcp", "b.sock");
        try (NewtRuntime rt = ping(t, NewtRuntime.builder().seed(3))) {
            rt.start();
            final Map<String, Object> s = awaitSummary(rt, "a.app.ping", Duration.ofSeconds(5));
            assertThat(figure(s, "received")).isEqualTo(20);
            assertThat(figure(s, "lost")).isZero();
        }
    }

    /**
     * The pf recovery scenario of {@link PfRecoveryAcrossHostsTest} on a monolithic host: a crash
     * of its pf restarts the whole stack, which restores every layer (the flow table included)
     * from its one checkpoint, and the stream goes on; see the test for the one answer it costs.
     */
    @Test
    void crashOfOneLayerRestartsTheWholeStackWhichKeepsTheStreamFlowing() throws Exception {
        final int stream = 400;
        final Topology t = Topology.builder()
            .host("a", "10.0.0.1/24", Ipv4Address.ANY, PfRules.parse(PfAction.DENY, "allow out udp"))
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofMillis(1)))
            .monolithic("a", true)
            .configure("a.pf", Crashable::wrap)
            .configure("a.stack", s -> s.withRecovery(RecoveryPolicy.CHECKPOINT))
            .build();
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(31))
            .server(ServerSpec.of("b.app.stream", StreamApps.Streamer.State.class,
                () -> new StreamApps.Streamer("b.sock", 9000, stream), StreamApps.Streamer.State::new))
            .server(ServerSpec.of("a.app.sub", StreamApps.Subscriber.State.class,
                () -> new StreamApps.Subscriber("a.sock", t.host("b").address(), 9000),
                StreamApps.Subscriber.State::new))
            .build()) {
            rt.start();
            rt.runFor(Duration.ofMillis(200));
            final long before = rt.checkpointedState("a.app.sub", StreamApps.Subscriber.State.class).received;
            final CompositeServer.State stackBefore = rt.checkpointedState("a.stack", CompositeServer.State.class);
            assertThat(stackBefore.state("a.pf", PfServer.State.class)).isNotNull();
            final NewtClient c = rt.client("test");
            c.send("a.pf", Crashable.CRASH);
            rt.runFor(Duration.ofMillis(400));
            assertThat(rt.events().ofType(ServerRestarted.class)).singleElement()
                .satisfies(r -> assertThat(r.server()).isEqualTo("a.stack"));
            assertThat(before).isBetween(150L, 200L);
            // The flow table survived: nothing of the stream was blocked, and every datagram
            // reached sock.
            assertThat(StackRuns.stats(rt, c, "a.pf").get("blocked.in")).isZero();
            assertThat(StackRuns.stats(rt, c, "a.sock").get("datagrams.in")).isEqualTo(stream);
            // Unlike a pf restart on its own, the stack's restart is also sock's: the app is told
            // its waiting receive was lost and resubmits it, but sock, restored, still held it and
            // answered it from the frames queued during the restart before the resubmission
            // arrived. The runtime drops the resubmitted copy, whose sender no longer waits for it,
            // so no answer is orphaned and every datagram of the stream reaches the app.
            assertThat(rt.events().ofType(StaleRequestDropped.class)).singleElement()
                .satisfies(d -> assertThat(d.server()).isEqualTo("a.stack"));
            assertThat(rt.events().ofType(ReplyOrphaned.class)).isEmpty();
            assertThat(rt.checkpointedState("a.app.sub", StreamApps.Subscriber.State.class).received)
                .isEqualTo(stream);
        }
    }

    @Test
    void extraStackServersJoinTheHostsStackAndAdjustmentsNameKnownServers() {
        final Topology t = twoHosts(b -> b.wire("a", "b")).monolithic(true)
            .stackServers(h -> List.of(ServerSpec.of(h.name() + ".extra", NoState.class,
                () -> (ctx, s, m) -> s, () -> NoState.INSTANCE)))
            .build();
        assertThat(t.specs().get(2).aliases()).containsExactly("b.nic", "b.ip", "b.pf", "b.udp", "b.tcp", "b.sock", "b.extra");
        final Topology multi = twoHosts(b -> b.wire("a", "b"))
            .stackServers(h -> List.of(ServerSpec.of(h.name() + ".extra", NoState.class,
                () -> (ctx, s, m) -> s, () -> NoState.INSTANCE)))
            .build();
        assertThat(multi.specs()).extracting(ServerSpec::name).contains("a.extra", "b.extra").hasSize(15);
        assertThatThrownBy(() -> twoHosts(b -> b.wire("a", "b"))
                .configure("a.stack", s -> s).build())
            .hasMessageStartingWith("configure: no server named [a.stack]; servers: [wire.a-b, a.nic, a.ip");
        assertThatThrownBy(() -> Topology.builder().monolithic("c", true))
            .hasMessage("monolithic: no host named 'c' (define hosts first)");
    }
}
