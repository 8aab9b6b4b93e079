package dev.newt.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.HangDetected;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.image.ServerImage;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.faults.FaultPlan;
import dev.newt.faults.FaultSpec;
import dev.newt.faults.Trigger;
import dev.newt.faults.inject.FaultInjector;
import dev.newt.net.host.HostConfig;
import dev.newt.net.ip.IpServer;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.WorkloadSpecs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Faults woven into a network server of a running two-host system: host b's ip is loaded from an
 * image, a fault is woven into its message handler, and the ping workload from a measures what
 * the fault and the recovery cost.
 */
class NetworkFaultTest {
    private static final int PINGS = 50;
    /** Host b's configuration as the topology derives it, for the woven ip's constructor. */
    private static final HostConfig HOST_B = HostConfig.of("b", "10.0.0.2/24", "wire.a-b");

    private static Map<String, Object> pingThrough(final FaultSpec fault, final Duration hangDeadline,
                                                   final NewtRuntime[] keep) {
        final FaultInjector faults = FaultInjector.of(FaultPlan.of(17, fault));
        final Topology t = Topology.builder()
            .host("a", "10.0.0.1/24")
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofMillis(1)))
            .configure("b.ip", s -> faults.spec("b.ip", ServerImage.of("ip", IpServer.class),
                IpServer.class.getName(), IpServer.State.class.getName(), HOST_B)
                .withHangDeadline(hangDeadline))
            .build();
        assertThat(t.host("b")).isEqualTo(HOST_B);
        final NewtRuntime rt = t.install(NewtRuntime.builder().seed(23))
            .server(WorkloadSpecs.ping(t.host("a"), t.host("b").address(), PINGS, Duration.ofMillis(5), 3))
            .build();
        keep[0] = rt;
        faults.install(rt);
        rt.start();
        rt.runUntil(() -> summary(rt) != null, Duration.ofSeconds(10));
        faults.finish();
        return summary(rt);
    }

    private static Map<String, Object> summary(final NewtRuntime rt) {
        return rt.events().ofType(CustomEvent.class).stream()
            .filter(e -> e.kind().equals(EventKinds.WORKLOAD_SUMMARY)).map(CustomEvent::fields).findFirst()
            .orElse(null);
    }

    private static long figure(final Map<String, Object> s, final String name) {
        return ((Number) s.get(name)).longValue();
    }

    @Test
    void crashWovenIntoIpIsRecoveredFromItsCheckpointAndCostsAtMostTheFrameItWasHandling() {
        final NewtRuntime[] rt = new NewtRuntime[1];
        final Map<String, Object> s = pingThrough(FaultSpec.builder("ip-crash").site("b.ip", "*IpServer", "handle")
            .type("crash").trigger(Trigger.nth(40)).build(), Duration.ofMillis(100), rt);
        try (NewtRuntime r = rt[0]) {
            assertThat(r.events().ofType(ServerCrashed.class)).singleElement()
                .satisfies(c -> assertThat(c.server()).isEqualTo("b.ip"));
            assertThat(r.events().ofType(ServerRestarted.class)).singleElement()
                .satisfies(x -> assertThat(x.policy()).isEqualTo("checkpoint"));
            assertThat(r.events().ofType(CustomEvent.class)).anySatisfy(e -> {
                assertThat(e.kind()).isEqualTo(EventKinds.FAULT_ACTIVATED);
                assertThat(e.server()).isEqualTo("b.ip");
            });
            assertThat(figure(s, "received") + figure(s, "lost")).isEqualTo(PINGS);
            assertThat(figure(s, "lost")).isLessThanOrEqualTo(1);
            assertThat(figure(s, "corrupted")).isZero();
        }
    }

    @Test
    void hangWovenIntoIpIsDetectedAtItsDeadlineAndTheHostAnswersAgain() {
        final NewtRuntime[] rt = new NewtRuntime[1];
        final Map<String, Object> s = pingThrough(FaultSpec.builder("ip-hang").site("b.ip", "*IpServer", "handle")
            .type("hang").trigger(Trigger.nth(40)).build(), Duration.ofMillis(20), rt);
        try (NewtRuntime r = rt[0]) {
            assertThat(r.events().ofType(HangDetected.class)).singleElement()
                .satisfies(h -> assertThat(h.server()).isEqualTo("b.ip"));
            assertThat(r.events().ofType(ServerRestarted.class)).hasSize(1);
            // Pings arriving during the 20 ms hang wait in b.ip's mailbox and are answered late, not
            // lost: the next one arrives about 5 ms into the hang and waits the remaining 15 ms.
            assertThat(figure(s, "received")).isGreaterThanOrEqualTo(PINGS - 1);
            assertThat(figure(s, "rttMaxNanos")).isBetween(15_000_000L, 20_000_000L);
            assertThat(figure(s, "rttP50Nanos")).isLessThan(2_100_000L);
        }
    }
}
