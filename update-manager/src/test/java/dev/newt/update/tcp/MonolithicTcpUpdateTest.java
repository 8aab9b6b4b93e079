package dev.newt.update.tcp;

import static dev.newt.update.tcp.Runs.awaitSummary;
import static dev.newt.update.tcp.Runs.counters;
import static dev.newt.update.tcp.Runs.events;
import static dev.newt.update.tcp.Runs.figure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.core.composite.CompositeServer;
import dev.newt.core.composite.CompositeSpecs;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Crashable;
import dev.newt.net.host.HostConfig;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.StreamWorkloadSpecs;
import dev.newt.update.HealthCheck;
import dev.newt.update.UpdateManager;
import dev.newt.update.UpdateOutcome;
import dev.newt.update.UpdatePlan;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * tcp updated inside a monolithic host: host a's layers run as one server, {@code a.stack}, and an
 * update plan naming {@code a.tcp} updates that composite with tcp's new version inside, in the
 * middle of a bulk transfer (simulated executor). The new tcp's state class comes from the image
 * and the composite restores it with that class (from the transform, and from a checkpoint after a
 * crash); a broken image is rolled back. In every case no byte is lost.
 */
class MonolithicTcpUpdateTest {
    private static final HostConfig A = HostConfig.of("a", "10.0.0.1/24", "wire.a-b");
    private static final HostConfig B = HostConfig.of("b", "10.0.0.2/24", "wire.a-b");
    private static final long BULK = 512 * 1024;
    private static final Duration MID_BULK = Duration.ofMillis(20);

    private static NewtRuntime bulkRun() {
        final Topology t = Topology.builder()
            .host("a", "10.0.0.1/24")
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofMillis(1)).bandwidth(100_000_000))
            .monolithic("a", true)
            .configure("a.pf", Crashable::wrap)
            .configure("a.stack", s -> s.withRecovery(RecoveryPolicy.CHECKPOINT))
            .build();
        final NewtRuntime rt = t.install(NewtRuntime.builder().seed(41))
            .server(StreamWorkloadSpecs.bulkReceiver(B, 5001, BULK, 7))
            .server(StreamWorkloadSpecs.bulkSender(A, B.address(), 5001, BULK, 7))
            .build();
        rt.start();
        assertThat(rt.spec("a.tcp").name()).isEqualTo("a.stack");
        return rt;
    }

    /** @return the running inner tcp's spec, which a new version's settings come from */
    private static ServerSpec<?> innerTcp(final NewtRuntime rt) {
        return CompositeSpecs.inner(rt.spec("a.tcp"), "a.tcp").orElseThrow();
    }

    private static UpdatePlan plan(final ServerSpec<?> next) {
        return UpdatePlan.of("a.tcp", next).quiesceDeadline(Duration.ofMillis(100))
            .probation(Duration.ofMillis(20), HealthCheck.serving());
    }

    private static void assertBulkIntact(final NewtRuntime rt) {
        final Map<String, Object> r = awaitSummary(rt, "b.app.bulk-receiver", Duration.ofSeconds(30));
        assertThat(r.get("complete")).isEqualTo(true);
        assertThat(figure(r, "bytesReceived")).isEqualTo(BULK);
        assertThat(figure(r, "bytesCorrupted")).isZero();
        assertThat(figure(r, "errorCount")).isZero();
        final Map<String, Object> s = awaitSummary(rt, "a.app.bulk-sender", Duration.ofSeconds(30));
        assertThat(s.get("complete")).isEqualTo(true);
        assertThat(figure(s, "errorCount")).isZero();
    }

    private static void assertNoConnectionReset(final NewtRuntime rt, final NewtClient stats) {
        for (String tcp : new String[] {"a.tcp", "b.tcp"}) {
            assertThat(counters(rt, stats, tcp)).as(tcp).doesNotContainKeys("connections.reset",
                "connections.timed-out", "connections.refused");
        }
    }

    @Test
    void innerTcpUpdatedToV2MidTransferLosesNoByteAndItsStateIsTheImagesClass() {
        try (NewtRuntime rt = bulkRun()) {
            rt.runFor(MID_BULK);
            final UpdateOutcome o = UpdateManager.of(rt).update(plan(TcpImages.v2(innerTcp(rt), A)));
            assertThat(o.result()).as(o.reason()).isEqualTo(UpdateOutcome.Result.COMMITTED);
            assertThat(o.servers()).as("the host's stack is updated as one").containsExactly("a.stack");
            assertThat(o.image()).isEqualTo(TcpImages.V2);
            assertThat(events(rt, EventKinds.TCP_UPDATED)).singleElement().satisfies(e -> {
                assertThat(e.get("version")).isEqualTo(2);
                assertThat(((Number) e.get("established")).longValue()).isEqualTo(1);
            });
            final Class<?> v2State = innerTcp(rt).stateType();
            assertThat(v2State.getName()).isEqualTo(TcpImages.STATE);
            assertThat(v2State.getClassLoader()).as("the image's class").isNotSameAs(
                CompositeServer.class.getClassLoader());
            assertThat(rt.checkpointedState("a.stack", CompositeServer.State.class).state("a.tcp", v2State))
                .as("the checkpoint restores the inner tcp as the image's class").isInstanceOf(v2State);

            assertBulkIntact(rt);
            final NewtClient stats = rt.client("test.stats");
            final Map<String, Long> a = counters(rt, stats, "a.tcp");
            assertThat(a.get("version")).isEqualTo(2L);
            assertThat(a.get("segments.in.since-update")).as("v2 carried the rest of the transfer")
                .isPositive().isLessThan(a.get("segments.in"));
            assertNoConnectionReset(rt, stats);
        }
    }

    @Test
    void stackCrashAfterTheUpdateRestoresTheInnerV2TcpFromItsCheckpoint() {
        try (NewtRuntime rt = bulkRun()) {
            rt.runFor(MID_BULK);
            assertThat(UpdateManager.of(rt).update(plan(TcpImages.v2(innerTcp(rt), A))).committed()).isTrue();
            rt.runFor(Duration.ofMillis(5));
            rt.client("test").send("a.pf", Crashable.CRASH);
            rt.runFor(Duration.ofMillis(5));
            assertThat(rt.events().ofType(ServerRestarted.class)).anySatisfy(r ->
                assertThat(r.server()).isEqualTo("a.stack"));
            assertBulkIntact(rt);
            assertThat(counters(rt, rt.client("test.stats"), "a.tcp").get("version"))
                .as("v2 restored, as v2").isEqualTo(2L);
        }
    }

    @Test
    void brokenImageCrashingOnProbationInsideTheStackIsRolledBackWithoutLosingAByte() {
        try (NewtRuntime rt = bulkRun()) {
            rt.runFor(MID_BULK);
            final UpdateOutcome o = UpdateManager.of(rt).update(plan(TcpImages.broken(innerTcp(rt), A, 30)));
            assertThat(o.result()).as(o.reason()).isEqualTo(UpdateOutcome.Result.ROLLED_BACK);
            assertThat(o.reason()).contains("crashes on message 30");
            assertThat(innerTcp(rt).stateType()).as("version 1 runs again").isSameAs(
                dev.newt.net.tcp.TcpServer.State.class);
            assertBulkIntact(rt);
            final NewtClient stats = rt.client("test.stats");
            assertThat(counters(rt, stats, "a.tcp")).as("version 1 serves").doesNotContainKey("version");
            assertNoConnectionReset(rt, stats);
        }
    }

    @Test
    void brokenImageFailingToStartInsideTheStackIsRolledBack() {
        try (NewtRuntime rt = bulkRun()) {
            rt.runFor(MID_BULK);
            final UpdateOutcome o = UpdateManager.of(rt).update(plan(TcpImages.broken(innerTcp(rt), A, 0)));
            assertThat(o.result()).as(o.reason()).isEqualTo(UpdateOutcome.Result.ROLLED_BACK);
            assertThat(o.reason()).contains("fails to start");
            assertBulkIntact(rt);
        }
    }

    @Test
    void planNamingTheStackAndOneOfItsLayersIsRefused() {
        try (NewtRuntime rt = bulkRun()) {
            final ServerSpec<?> stack = rt.spec("a.stack");
            assertThatThrownBy(() -> UpdateManager.of(rt).start(plan(TcpImages.v2(innerTcp(rt), A))
                .and("a.stack", stack)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a.stack");
        }
    }
}
