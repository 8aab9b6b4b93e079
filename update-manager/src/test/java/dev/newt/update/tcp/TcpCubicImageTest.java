package dev.newt.update.tcp;

import static dev.newt.update.tcp.Runs.awaitSummary;
import static dev.newt.update.tcp.Runs.counters;
import static dev.newt.update.tcp.Runs.figure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ServerRestarted;
import dev.newt.core.image.ServerImage;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.ServerSpec;
import dev.newt.faults.FaultPlan;
import dev.newt.faults.FaultSpec;
import dev.newt.faults.Trigger;
import dev.newt.faults.inject.FaultInjector;
import dev.newt.net.host.HostConfig;
import dev.newt.net.tcp.CongestionControl;
import dev.newt.net.tcp.TcpServer;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.StreamWorkloadSpecs;
import dev.newt.update.HealthCheck;
import dev.newt.update.UpdateManager;
import dev.newt.update.UpdateOutcome;
import dev.newt.update.UpdatePlan;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * CUBIC delivered only in an image ({@code tcp-cubic}): the parent loader has no class of that name
 * and lists nothing for it, yet a connection using it is checkpointed, restored after a crash (the
 * supervisor's restart decodes it through the image's loader), and moved across a live update into
 * another instance of the image (other classes of the same names), with every byte delivered.
 */
class TcpCubicImageTest {
    private static final HostConfig A = HostConfig.of("a", "10.0.0.1/24", "wire.a-b");
    private static final HostConfig B = HostConfig.of("b", "10.0.0.2/24", "wire.a-b");
    private static final long BULK = 1024 * 1024;

    private static NewtRuntime run(final Function<ServerSpec<?>, ServerSpec<?>> aTcp) {
        final Topology t = Topology.builder()
            .host("a", "10.0.0.1/24")
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofMillis(1)).bandwidth(100_000_000))
            .configure("a.tcp", aTcp::apply)
            .build();
        final NewtRuntime rt = t.install(NewtRuntime.builder().seed(41))
            .server(StreamWorkloadSpecs.bulkReceiver(B, 5001, BULK, 7))
            .server(StreamWorkloadSpecs.bulkSender(A, B.address(), 5001, BULK, 7))
            .build();
        return rt;
    }

    /** @return the class of the congestion control of a.tcp's one connection, its state encoded and decoded */
    private static Class<?> algorithmInCheckpoint(final NewtRuntime rt) throws ReflectiveOperationException {
        final ServerSpec<?> spec = rt.spec("a.tcp");
        final byte[] cp = rt.snapshotState("a.tcp");
        assertThat(new String(cp, java.nio.charset.StandardCharsets.ISO_8859_1))
            .as("named by its class name, nothing listed for it").contains("dev.newt.net.tcp.Cubic");
        final Object state = rt.codec().decode("a.tcp", cp, spec.stateType());
        final Field connections = state.getClass().getField("connections");
        final Object connection = ((Map<?, ?>) connections.get(state)).values().iterator().next();
        final Object snd = connection.getClass().getField("snd").get(connection);
        return snd.getClass().getField("cc").get(snd).getClass();
    }

    private static void assertIntact(final NewtRuntime rt) {
        final Map<String, Object> r = awaitSummary(rt, "b.app.bulk-receiver", Duration.ofSeconds(30));
        assertThat(r.get("complete")).isEqualTo(true);
        assertThat(figure(r, "bytesReceived")).isEqualTo(BULK);
        assertThat(figure(r, "bytesCorrupted")).isZero();
        assertThat(counters(rt, rt.client("test.check"), "a.tcp")).doesNotContainKeys("connections.reset",
            "connections.timed-out");
    }

    @Test
    void aConnectionUsingCubicFromTheImageIsCheckpointedAndRestoredAfterACrash() throws Exception {
        final FaultInjector faults = FaultInjector.of(FaultPlan.of(5, FaultSpec.builder("crash-a-tcp")
            .site("a.tcp", "*.CubicTcpServer", "handle").type("crash").trigger(Trigger.nth(300)).build()));
        final ServerImage image = faults.weave("a.tcp", TcpImages.image(TcpImages.CUBIC));
        try (NewtRuntime rt = run(s -> TcpImages.cubic(s, image, A))) {
            faults.install(rt);
            rt.start();
            rt.runFor(Duration.ofMillis(20));
            final Class<?> cc = algorithmInCheckpoint(rt);
            assertThat(cc.getName()).isEqualTo("dev.newt.net.tcp.Cubic");
            assertThat(cc.getClassLoader()).as("only the image has it").isSameAs(rt.spec("a.tcp").stateType()
                .getClassLoader()).isNotSameAs(CongestionControl.class.getClassLoader());
            // The store's latest checkpoint (by parts, as a restart reads it) holds the connection with CUBIC.
            rt.runFor(Duration.ofMillis(10));
            final Object stored = rt.checkpointedState("a.tcp", rt.spec("a.tcp").stateType());
            final Map<?, ?> storedConnections = (Map<?, ?>) stored.getClass().getField("connections").get(stored);
            assertThat(storedConnections).isNotEmpty();
            final Object snd = storedConnections.values().iterator().next().getClass().getField("snd")
                .get(storedConnections.values().iterator().next());
            assertThat(snd.getClass().getField("cc").get(snd).getClass().getName()).isEqualTo("dev.newt.net.tcp.Cubic");
            assertIntact(rt);
            assertThat(rt.events().ofType(ServerRestarted.class)).as("the crash was recovered from the checkpoint")
                .anySatisfy(e -> assertThat(e.server()).isEqualTo("a.tcp"));
            assertThat(rt.status("a.tcp").restarts()).isPositive();
        } finally {
            faults.close();
        }
    }

    @Test
    void aCubicConnectionMovesAcrossALiveUpdateIntoAnotherInstanceOfTheImage() throws Exception {
        try (NewtRuntime rt = run(s -> TcpImages.cubic(s, TcpImages.image(TcpImages.CUBIC), A))) {
            rt.start();
            rt.runFor(Duration.ofMillis(20));
            final Class<?> before = algorithmInCheckpoint(rt);
            final ServerSpec<Object> next = TcpImages.cubic(rt.spec("a.tcp"), TcpImages.image(TcpImages.CUBIC), A);
            final UpdateOutcome o = UpdateManager.of(rt).update(UpdatePlan.of("a.tcp", next)
                .quiesceDeadline(Duration.ofMillis(100)).probation(Duration.ofMillis(10), HealthCheck.serving()));
            assertThat(o.result()).as(o.reason()).isEqualTo(UpdateOutcome.Result.COMMITTED);
            rt.runFor(Duration.ofMillis(5));
            final Class<?> after = algorithmInCheckpoint(rt);
            assertThat(after.getName()).isEqualTo(before.getName()).isEqualTo("dev.newt.net.tcp.Cubic");
            assertThat(after).as("the new image's own class").isNotSameAs(before)
                .isNotEqualTo(TcpServer.class);
            assertIntact(rt);
        }
    }
}
