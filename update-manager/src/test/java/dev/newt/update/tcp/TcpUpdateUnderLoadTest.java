package dev.newt.update.tcp;

import static dev.newt.update.tcp.Runs.awaitSummary;
import static dev.newt.update.tcp.Runs.counters;
import static dev.newt.update.tcp.Runs.events;
import static dev.newt.update.tcp.Runs.figure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.EventKinds;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.ServerSpec;
import dev.newt.net.host.HostConfig;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.StreamWorkloadSpecs;
import dev.newt.update.HealthCheck;
import dev.newt.update.UpdateManager;
import dev.newt.update.UpdateOutcome;
import dev.newt.update.UpdatePlan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's claim for tcp, end to end through every server of two hosts on the simulated
 * executor: a tcp updated to {@code tcp-v2} in the middle of a bulk transfer or of an rpc run loses
 * no connection and no byte, and v2 then serves (its counters and its {@code tcp-updated} event
 * show it); a {@code tcp-broken} image, failing to start or crashing on probation, is rolled back
 * and the workload completes intact on version 1.
 */
class TcpUpdateUnderLoadTest {
    private static final HostConfig A = HostConfig.of("a", "10.0.0.1/24", "wire.a-b");
    private static final HostConfig B = HostConfig.of("b", "10.0.0.2/24", "wire.a-b");
    private static final long BULK = 512 * 1024;
    private static final int RPCS = 200;
    /** Into the 512 KB transfer (about 45 ms at 100 Mb/s), with data in flight both ways. */
    private static final Duration MID_BULK = Duration.ofMillis(20);

    private static Topology twoHosts() {
        final Topology t = Topology.builder()
            .host("a", "10.0.0.1/24")
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofMillis(1)).bandwidth(100_000_000))
            .build();
        assertThat(t.host("a")).isEqualTo(A);
        assertThat(t.host("b")).isEqualTo(B);
        return t;
    }

    private static NewtRuntime bulkRun() {
        final Topology t = twoHosts();
        final NewtRuntime rt = t.install(NewtRuntime.builder().seed(41))
            .server(StreamWorkloadSpecs.bulkReceiver(B, 5001, BULK, 7))
            .server(StreamWorkloadSpecs.bulkSender(A, B.address(), 5001, BULK, 7))
            .build();
        rt.start();
        return rt;
    }

    private static UpdatePlan plan(final String server, final ServerSpec<?> next) {
        return UpdatePlan.of(server, next).quiesceDeadline(Duration.ofMillis(100))
            .probation(Duration.ofMillis(20), HealthCheck.serving());
    }

    private static ServerSpec<Object> v2(final NewtRuntime rt, final HostConfig host) {
        return TcpImages.v2(rt.spec(host.server("tcp")), host);
    }

    /** The receiver got every byte of the sender's pattern, in order, on its one connection. */
    private static void assertBulkIntact(final NewtRuntime rt) {
        final Map<String, Object> r = awaitSummary(rt, "b.app.bulk-receiver", Duration.ofSeconds(30));
        assertThat(r.get("complete")).isEqualTo(true);
        assertThat(figure(r, "bytesReceived")).isEqualTo(BULK);
        assertThat(figure(r, "bytesCorrupted")).isZero();
        assertThat(figure(r, "errorCount")).isZero();
        final Map<String, Object> s = awaitSummary(rt, "a.app.bulk-sender", Duration.ofSeconds(30));
        assertThat(s.get("complete")).isEqualTo(true);
        assertThat(figure(s, "connectRetries")).isZero();
        assertThat(figure(s, "errorCount")).isZero();
    }

    private static void assertNoConnectionReset(final NewtRuntime rt, final NewtClient stats) {
        for (String tcp : List.of("a.tcp", "b.tcp")) {
            assertThat(counters(rt, stats, tcp)).as(tcp).doesNotContainKeys("connections.reset",
                "connections.timed-out", "connections.refused");
        }
    }

    @Test
    void tcpUpdatedToV2InTheMiddleOfABulkTransferLosesNoConnectionAndNoByte() {
        try (NewtRuntime rt = bulkRun()) {
            rt.runFor(MID_BULK);
            final UpdateOutcome o = UpdateManager.of(rt).update(plan("a.tcp", v2(rt, A)));
            assertThat(o.result()).as(o.reason()).isEqualTo(UpdateOutcome.Result.COMMITTED);
            assertThat(o.image()).isEqualTo(TcpImages.V2);

            final List<Map<String, Object>> updated = events(rt, EventKinds.TCP_UPDATED);
            assertThat(updated).singleElement().satisfies(e -> {
                assertThat(e.get("version")).isEqualTo(2);
                assertThat(e.get("updatesSeen")).isEqualTo(1L);
                assertThat(((Number) e.get("established")).longValue()).as("the transfer's connection moved")
                    .isEqualTo(1);
            });
            assertBulkIntact(rt);

            final NewtClient stats = rt.client("test.stats");
            final Map<String, Long> a = counters(rt, stats, "a.tcp");
            assertThat(a.get("version")).isEqualTo(2L);
            assertThat(a.get("updates")).isEqualTo(1L);
            assertThat(a.get("segments.in.since-update")).as("v2 carried the rest of the transfer")
                .isPositive().isLessThan(a.get("segments.in"));
            assertNoConnectionReset(rt, stats);
        }
    }

    @Test
    void tcpWarmedInAShadowMidTransferStartsFromTheShadowsStateAndLosesNoByte() {
        try (NewtRuntime rt = bulkRun()) {
            rt.runFor(MID_BULK);
            final UpdateOutcome o = UpdateManager.of(rt).update(plan("a.tcp", v2(rt, A))
                .warmUp(50, Duration.ofMillis(50)));
            assertThat(o.result()).as(o.reason()).isEqualTo(UpdateOutcome.Result.COMMITTED);
            final Map<String, Object> finished = events(rt, EventKinds.UPDATE_FINISHED).get(0);
            @SuppressWarnings("unchecked")
            final Map<String, Object> shadow = ((List<Map<String, Object>>) finished.get("shadow")).get(0);
            assertThat(shadow).as("%s", shadow).containsEntry("warm", true).containsEntry("stateFromShadow", true);
            assertThat(events(rt, EventKinds.TCP_UPDATED)).singleElement()
                .satisfies(e -> assertThat(((Number) e.get("established")).longValue()).isEqualTo(1));
            // The same outcome as a stop-and-copy update: every byte, in order, on the one connection.
            assertBulkIntact(rt);
            final NewtClient stats = rt.client("test.stats");
            final Map<String, Long> a = counters(rt, stats, "a.tcp");
            assertThat(a.get("version")).isEqualTo(2L);
            assertThat(a.get("updates")).isEqualTo(1L);
            assertNoConnectionReset(rt, stats);
        }
    }

    @Test
    void bothTcpsUpdatedTogetherMidTransferSwitchAtOnceAndLoseNoByte() {
        try (NewtRuntime rt = bulkRun()) {
            rt.runFor(MID_BULK);
            final UpdateOutcome o = UpdateManager.of(rt).update(plan("a.tcp", v2(rt, A)).and("b.tcp", v2(rt, B)));
            assertThat(o.result()).as(o.reason()).isEqualTo(UpdateOutcome.Result.COMMITTED);
            assertThat(o.servers()).containsExactly("a.tcp", "b.tcp");
            assertThat(events(rt, EventKinds.TCP_UPDATED)).hasSize(2);
            assertBulkIntact(rt);
            final NewtClient stats = rt.client("test.stats");
            assertThat(counters(rt, stats, "a.tcp").get("version")).isEqualTo(2L);
            assertThat(counters(rt, stats, "b.tcp").get("version")).isEqualTo(2L);
            assertNoConnectionReset(rt, stats);
        }
    }

    @Test
    void tcpUpdatedToV2DuringRpcAnswersEveryRequestOnItsOneConnection() {
        final Topology t = twoHosts();
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(43))
            .server(StreamWorkloadSpecs.rpcServer(B, 6001))
            .server(StreamWorkloadSpecs.rpcClient(A, B.address(), 6001, RPCS, 100, 1000, true, 9))
            .build()) {
            rt.start();
            rt.runFor(Duration.ofMillis(100));
            final NewtClient stats = rt.client("test.stats");
            final long servedBefore = counters(rt, stats, "b.tcp").get("segments.in");
            final UpdateOutcome o = UpdateManager.of(rt).update(plan("b.tcp", v2(rt, B)));
            assertThat(o.result()).as(o.reason()).isEqualTo(UpdateOutcome.Result.COMMITTED);

            final Map<String, Object> r = awaitSummary(rt, "a.app.rpc-client", Duration.ofSeconds(30));
            assertThat(figure(r, "ok")).isEqualTo(RPCS);
            assertThat(figure(r, "failed")).isZero();
            assertThat(figure(r, "corrupted")).isZero();
            assertThat(figure(r, "connects")).as("the connection outlived the update").isEqualTo(1);
            final Map<String, Long> b = counters(rt, stats, "b.tcp");
            assertThat(b.get("version")).isEqualTo(2L);
            assertThat(b.get("segments.in.since-update")).isPositive();
            assertThat(servedBefore).as("the update came mid-run").isPositive();
            assertNoConnectionReset(rt, stats);
        }
    }

    @Test
    void brokenImageThatFailsToStartIsRolledBackAndTheTransferCompletesIntact() {
        try (NewtRuntime rt = bulkRun()) {
            rt.runFor(MID_BULK);
            final UpdateOutcome o = UpdateManager.of(rt).update(
                plan("a.tcp", TcpImages.broken(rt.spec("a.tcp"), A, 0)));
            assertThat(o.result()).isEqualTo(UpdateOutcome.Result.ROLLED_BACK);
            assertThat(o.reason()).contains("fails to start");
            assertBulkIntact(rt);
            final NewtClient stats = rt.client("test.stats");
            assertThat(counters(rt, stats, "a.tcp")).as("version 1 serves").doesNotContainKey("version");
            assertNoConnectionReset(rt, stats);
        }
    }

    @Test
    void brokenImageThatCrashesOnProbationIsRolledBackWithoutLosingAByte() {
        try (NewtRuntime rt = bulkRun()) {
            rt.runFor(MID_BULK);
            final UpdateOutcome o = UpdateManager.of(rt).update(
                plan("a.tcp", TcpImages.broken(rt.spec("a.tcp"), A, 30)));
            assertThat(o.result()).isEqualTo(UpdateOutcome.Result.ROLLED_BACK);
            assertThat(o.reason()).contains("crashes on message 30");
            assertBulkIntact(rt);
            final NewtClient stats = rt.client("test.stats");
            assertThat(counters(rt, stats, "a.tcp")).doesNotContainKey("version");
            assertNoConnectionReset(rt, stats);
        }
    }

    @Test
    void anUpdateMidTransferIsReproducibleFromTheSeedEventForEvent() {
        final String first = updatedTransferEvents();
        assertThat(first).contains("\"" + EventKinds.TCP_UPDATED + "\"")
            .contains("\"" + EventKinds.UPDATE_FINISHED + "\"");
        assertThat(updatedTransferEvents()).isEqualTo(first);
    }

    /** @return the event log, as JSON lines, of a transfer whose a.tcp is updated to v2 midway */
    private static String updatedTransferEvents() {
        try (NewtRuntime rt = bulkRun()) {
            rt.runFor(MID_BULK);
            assertThat(UpdateManager.of(rt).update(plan("a.tcp", v2(rt, A))).committed()).isTrue();
            awaitSummary(rt, "b.app.bulk-receiver", Duration.ofSeconds(30));
            return rt.events().toJsonLines();
        }
    }
}
