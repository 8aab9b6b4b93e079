package dev.newt.update.tcp;

import static dev.newt.update.tcp.Runs.awaitSummary;
import static dev.newt.update.tcp.Runs.counters;
import static dev.newt.update.tcp.Runs.figure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.image.ImageSpecs;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.faults.FaultPlan;
import dev.newt.faults.FaultSpec;
import dev.newt.faults.Trigger;
import dev.newt.faults.inject.FaultInjector;
import dev.newt.net.host.HostConfig;
import dev.newt.net.tcp.TcpConfig;
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
 * An update of a tcp with a fault armed in it: host a's tcp runs version 1 loaded from an image
 * with a persistent delay woven into its message handler; updated to {@code tcp-v2} mid-transfer,
 * it switches like an unwoven one, and the fault, woven into version 1's classes only, acts until
 * the switch and never after.
 */
class TcpFaultArmedUpdateTest {
    private static final HostConfig A = HostConfig.of("a", "10.0.0.1/24", "wire.a-b");
    private static final HostConfig B = HostConfig.of("b", "10.0.0.2/24", "wire.a-b");
    private static final long BULK = 256 * 1024;

    @Test
    void tcpWithADelayWovenInIsUpdatedMidTransferAndTheFaultStopsAtTheSwitch() {
        final FaultInjector faults = FaultInjector.of(FaultPlan.of(3, FaultSpec.builder("slow-tcp")
            .site("a.tcp", "*.TcpServer", "handle").type("delay").trigger(Trigger.always().persistently())
            .param("delay", "5us").build()));
        final Topology t = Topology.builder()
            .host("a", "10.0.0.1/24")
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofMillis(1)).bandwidth(100_000_000))
            .configure("a.tcp", s -> ImageSpecs.sameSettings(s, faults.weave("a.tcp", TcpImages.v1()),
                TcpImages.SERVER, TcpImages.STATE, A, TcpConfig.DEFAULTS))
            .build();
        assertThat(t.host("a")).isEqualTo(A);
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(47))
            .server(StreamWorkloadSpecs.bulkReceiver(B, 5001, BULK, 5))
            .server(StreamWorkloadSpecs.bulkSender(A, B.address(), 5001, BULK, 5))
            .build()) {
            faults.install(rt);
            rt.start();
            rt.runFor(Duration.ofMillis(20));
            final UpdateOutcome o = UpdateManager.of(rt).update(UpdatePlan.of("a.tcp", TcpImages.v2(rt.spec("a.tcp"), A))
                .quiesceDeadline(Duration.ofMillis(100)).probation(Duration.ofMillis(10), HealthCheck.serving()));
            assertThat(o.result()).as(o.reason()).isEqualTo(UpdateOutcome.Result.COMMITTED);

            final Map<String, Object> r = awaitSummary(rt, "b.app.bulk-receiver", Duration.ofSeconds(30));
            assertThat(r.get("complete")).isEqualTo(true);
            assertThat(figure(r, "bytesReceived")).isEqualTo(BULK);
            assertThat(figure(r, "bytesCorrupted")).isZero();
            assertThat(figure(r, "errorCount")).isZero();
            final Map<String, Long> a = counters(rt, rt.client("test.stats"), "a.tcp");
            assertThat(a.get("version")).isEqualTo(2L);
            assertThat(a.get("segments.in.since-update")).as("v2 handled the rest of the transfer").isPositive();

            final long switchedAt = o.requestedAt() + o.quiesceNanos() + o.transferNanos();
            final List<CustomEvent> activated = rt.events().ofType(CustomEvent.class).stream()
                .filter(e -> e.kind().equals(EventKinds.FAULT_ACTIVATED)).toList();
            // Every call of a woven handler activates the fault: none after the switch means v2 is clean.
            assertThat(activated).as("version 1 was slowed until the switch").hasSizeGreaterThanOrEqualTo(10)
                .allSatisfy(e -> assertThat(e.time()).isLessThanOrEqualTo(switchedAt));
        } finally {
            faults.close();
        }
    }
}
