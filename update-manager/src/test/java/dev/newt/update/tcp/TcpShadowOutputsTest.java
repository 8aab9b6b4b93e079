package dev.newt.update.tcp;

import static dev.newt.update.tcp.Runs.awaitSummary;
import static dev.newt.update.tcp.Runs.events;
import static dev.newt.update.tcp.Runs.figure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.EventKinds;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.StreamWorkloadSpecs;
import dev.newt.update.HealthCheck;
import dev.newt.update.OutputRule;
import dev.newt.update.UpdateManager;
import dev.newt.update.UpdateOutcome;
import dev.newt.update.UpdatePlan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Validation of a tcp update before the switch: tcp-v2 declares how its outputs relate to version
 * 1's ({@code TcpV2Outputs}: identical but for the counters its stats add), so its shadow's
 * segments and replies are compared message by message during a bulk transfer with stats queries
 * coming in, and the update commits; compared as identical instead, the first stats reply diverges
 * and the update aborts before the switch.
 */
class TcpShadowOutputsTest {
    private static final HostConfig A = HostConfig.of("a", "10.0.0.1/24", "wire.a-b");
    private static final HostConfig B = HostConfig.of("b", "10.0.0.2/24", "wire.a-b");
    private static final long BULK = 512 * 1024;
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

    /** Updates a.tcp mid-transfer with a shadow of 10 ms (virtual), a stats query every millisecond meanwhile. */
    private static UpdateOutcome updateAskingStats(final NewtRuntime rt, final UnaryOperator<UpdatePlan> outputs) {
        rt.runFor(MID_BULK);
        final UpdatePlan plan = UpdatePlan.of("a.tcp", TcpImages.v2(rt.spec("a.tcp"), A))
            .quiesceDeadline(Duration.ofMillis(100)).probation(Duration.ofMillis(20), HealthCheck.serving())
            .warmUp(1_000_000, Duration.ofMillis(10));
        final CompletableFuture<UpdateOutcome> f = UpdateManager.of(rt).start(outputs.apply(plan));
        final NewtClient stats = rt.client("test.stats");
        for (int i = 0; i < 200 && !f.isDone(); i++) {
            stats.request("a.tcp", new StatsQuery());
            rt.runFor(Duration.ofMillis(1));
        }
        rt.runUntil(f::isDone, Duration.ofSeconds(5));
        return f.join();
    }

    @Test
    void tcpV2sShadowIsComparedUnderItsDeclaredRelationAndTheUpdateCommits() {
        try (NewtRuntime rt = bulkRun()) {
            final UpdateOutcome o = updateAskingStats(rt, p -> p);
            assertThat(o.result()).as(o.reason()).isEqualTo(UpdateOutcome.Result.COMMITTED);
            assertThat(events(rt, EventKinds.UPDATE_DIVERGED)).isEmpty();
            final Map<String, Object> finished = events(rt, EventKinds.UPDATE_FINISHED).get(0);
            @SuppressWarnings("unchecked")
            final Map<String, Object> shadow = ((List<Map<String, Object>>) finished.get("shadow")).get(0);
            assertThat(((Number) shadow.get("messages")).longValue()).as("%s", shadow).isGreaterThan(10);
            assertThat(shadow).containsEntry("stateFromShadow", true);
            final Map<String, Object> r = awaitSummary(rt, "b.app.bulk-receiver", Duration.ofSeconds(30));
            assertThat(r.get("complete")).isEqualTo(true);
            assertThat(figure(r, "bytesReceived")).isEqualTo(BULK);
        }
    }

    @Test
    void comparedAsIdenticalTheFirstStatsReplyDivergesAndTheUpdateAbortsBeforeTheSwitch() {
        try (NewtRuntime rt = bulkRun()) {
            final UpdateOutcome o = updateAskingStats(rt, p -> p.outputs(OutputRule.identical(rt.codec().mapper())));
            assertThat(o.result()).as(o.reason()).isEqualTo(UpdateOutcome.Result.ABORTED);
            assertThat(o.reason()).contains("diverged").contains("StatsQuery");
            assertThat(events(rt, EventKinds.UPDATE_DIVERGED)).singleElement()
                .satisfies(e -> assertThat(String.valueOf(e.get("message"))).contains("reply to test.stats"));
            assertThat(events(rt, EventKinds.TCP_UPDATED)).isEmpty();
            final Map<String, Object> r = awaitSummary(rt, "b.app.bulk-receiver", Duration.ofSeconds(30));
            assertThat(figure(r, "bytesReceived")).isEqualTo(BULK);
        }
    }
}
