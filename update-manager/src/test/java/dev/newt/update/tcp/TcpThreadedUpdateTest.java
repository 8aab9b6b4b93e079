package dev.newt.update.tcp;

import static dev.newt.update.tcp.Runs.awaitSummary;
import static dev.newt.update.tcp.Runs.counters;
import static dev.newt.update.tcp.Runs.events;
import static dev.newt.update.tcp.Runs.figure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.EventKinds;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.host.HostConfig;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.StreamWorkloadSpecs;
import dev.newt.update.HealthCheck;
import dev.newt.update.UpdateManager;
import dev.newt.update.UpdateOutcome;
import dev.newt.update.UpdatePlan;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A tcp updated on real threads (a thread per server, the real clock) in the middle of a bulk transfer. */
class TcpThreadedUpdateTest {
    private static final HostConfig A = HostConfig.of("a", "10.0.0.1/24", "wire.a-b");
    private static final HostConfig B = HostConfig.of("b", "10.0.0.2/24", "wire.a-b");
    private static final long BULK = 2 << 20;

    @Test
    void tcpUpdatedOnRealThreadsMidTransferLosesNoByte() {
        final Topology t = Topology.builder()
            .host("a", "10.0.0.1/24")
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofMillis(1)).bandwidth(100_000_000))
            .build();
        assertThat(t.host("a")).isEqualTo(A);
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(53).threaded("park"))
            .server(StreamWorkloadSpecs.bulkReceiver(B, 5001, BULK, 11))
            .server(StreamWorkloadSpecs.bulkSender(A, B.address(), 5001, BULK, 11))
            .build()) {
            rt.start();
            final NewtClient stats = rt.client("test.stats");
            awaitDataFlowing(rt, stats);

            final UpdateOutcome o = UpdateManager.of(rt).update(UpdatePlan.of("a.tcp", TcpImages.v2(rt.spec("a.tcp"), A))
                .quiesceDeadline(Duration.ofSeconds(1)).probation(Duration.ofMillis(20), HealthCheck.serving()));
            assertThat(o.result()).as(o.reason()).isEqualTo(UpdateOutcome.Result.COMMITTED);
            System.out.printf("tcp update on threads: quiesce %d us, transfer %d us, downtime %d us, total %d us%n",
                o.quiesceNanos() / 1000, o.transferNanos() / 1000, o.downtimeNanos() / 1000, o.totalNanos() / 1000);

            final Map<String, Object> r = awaitSummary(rt, "b.app.bulk-receiver", Duration.ofSeconds(60));
            assertThat(r.get("complete")).isEqualTo(true);
            assertThat(figure(r, "bytesReceived")).isEqualTo(BULK);
            assertThat(figure(r, "bytesCorrupted")).isZero();
            assertThat(figure(r, "errorCount")).isZero();
            assertThat(events(rt, EventKinds.TCP_UPDATED)).singleElement()
                .satisfies(e -> assertThat(((Number) e.get("established")).longValue()).isEqualTo(1));
            assertThat(counters(rt, stats, "a.tcp").get("segments.in.since-update")).isPositive();
        }
    }

    /** Asks a.tcp for its counters until it has taken in data-carrying ACKs, for at most ten seconds. */
    private static void awaitDataFlowing(final NewtRuntime rt, final NewtClient stats) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (counters(rt, stats, "a.tcp").getOrDefault("bytes.out", 0L) < 64 * 1024) {
            assertThat(System.nanoTime()).as("a.tcp sent 64 KB within 10 s").isLessThan(deadline);
        }
    }
}
