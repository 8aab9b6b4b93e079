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
 * Updates that leave tcp-v2, during one bulk transfer on the simulated executor: back to version 1
 * (a rollback by update, with the reverse transform tcp-v2 ships, {@code TcpStateV2ToV1}), and on to
 * a broken image of version 1's schema, which fails and is rolled back to tcp-v2. No byte is lost
 * and no connection reset in either.
 */
class TcpRoundTripUpdateTest {
    private static final HostConfig A = HostConfig.of("a", "10.0.0.1/24", "wire.a-b");
    private static final HostConfig B = HostConfig.of("b", "10.0.0.2/24", "wire.a-b");
    /** About 170 ms at 100 Mb/s: both updates of a test happen while it runs. */
    private static final long BULK = 2 * 1024 * 1024;
    private static final Duration MID_BULK = Duration.ofMillis(20);

    private static NewtRuntime bulkRun() {
        final Topology t = Topology.builder()
            .host("a", "10.0.0.1/24")
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofMillis(1)).bandwidth(100_000_000))
            .build();
        final NewtRuntime rt = t.install(NewtRuntime.builder().seed(41))
            .server(StreamWorkloadSpecs.bulkReceiver(B, 5001, BULK, 7))
            .server(StreamWorkloadSpecs.bulkSender(A, B.address(), 5001, BULK, 7))
            .build();
        rt.start();
        return rt;
    }

    private static UpdatePlan plan(final ServerSpec<?> next) {
        return UpdatePlan.of("a.tcp", next).quiesceDeadline(Duration.ofMillis(100))
            .probation(Duration.ofMillis(10), HealthCheck.serving());
    }

    private static void assertIntact(final NewtRuntime rt) {
        final Map<String, Object> r = awaitSummary(rt, "b.app.bulk-receiver", Duration.ofSeconds(30));
        assertThat(r.get("complete")).isEqualTo(true);
        assertThat(figure(r, "bytesReceived")).isEqualTo(BULK);
        final NewtClient stats = rt.client("test.check");
        for (String tcp : List.of("a.tcp", "b.tcp")) {
            assertThat(counters(rt, stats, tcp)).as(tcp).doesNotContainKeys("connections.reset",
                "connections.timed-out", "connections.refused");
        }
    }

    @Test
    void tcpUpdatedToV2AndBackToVersion1LosesNoByte() {
        try (NewtRuntime rt = bulkRun()) {
            final ServerSpec<?> v1 = rt.spec("a.tcp");
            rt.runFor(MID_BULK);
            final UpdateOutcome up = UpdateManager.of(rt).update(plan(TcpImages.v2(v1, A)));
            assertThat(up.result()).as(up.reason()).isEqualTo(UpdateOutcome.Result.COMMITTED);
            final NewtClient stats = rt.client("test.stats");
            assertThat(counters(rt, stats, "a.tcp")).containsEntry("version", 2L);
            final long segmentsBefore = counters(rt, stats, "a.tcp").get("segments.in");

            final UpdateOutcome back = UpdateManager.of(rt).update(plan(v1));
            assertThat(back.result()).as(back.reason()).isEqualTo(UpdateOutcome.Result.COMMITTED);
            assertThat(rt.spec("a.tcp").stateType()).isSameAs(v1.stateType());
            final Map<String, Long> after = counters(rt, stats, "a.tcp");
            assertThat(after).as("version 1 serves").doesNotContainKeys("version", "updates");
            assertThat(after.get("segments.in")).as("its counters moved back").isGreaterThanOrEqualTo(segmentsBefore);
            assertIntact(rt);
            assertThat(events(rt, EventKinds.UPDATE_FINISHED)).hasSize(2);
        }
    }

    @Test
    void aBrokenImageAfterTcpV2RollsBackToTcpV2() {
        try (NewtRuntime rt = bulkRun()) {
            final ServerSpec<?> v1 = rt.spec("a.tcp");
            rt.runFor(MID_BULK);
            final UpdateOutcome up = UpdateManager.of(rt).update(plan(TcpImages.v2(v1, A)));
            assertThat(up.result()).as(up.reason()).isEqualTo(UpdateOutcome.Result.COMMITTED);
            final ServerSpec<?> v2 = rt.spec("a.tcp");

            final UpdateOutcome broken = UpdateManager.of(rt).update(plan(TcpImages.broken(v2, A, 30)));
            assertThat(broken.result()).as(broken.reason()).isEqualTo(UpdateOutcome.Result.ROLLED_BACK);
            assertThat(broken.reason()).contains("crashes on message 30");
            assertThat(rt.spec("a.tcp")).isSameAs(v2);
            final NewtClient stats = rt.client("test.stats");
            assertThat(counters(rt, stats, "a.tcp")).as("tcp-v2 serves again").containsEntry("version", 2L)
                .containsEntry("updates", 1L);
            assertIntact(rt);
        }
    }
}
