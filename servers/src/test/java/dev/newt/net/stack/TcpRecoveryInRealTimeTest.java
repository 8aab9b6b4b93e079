package dev.newt.net.stack;

import static dev.newt.net.stack.StackRuns.awaitSummary;
import static dev.newt.net.stack.StackRuns.figure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ServerRestarted;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Crashable;
import dev.newt.net.msg.Stats;
import dev.newt.net.tcp.TcpServer;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.StreamWorkloadSpecs;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The tcp crash tests of {@link TcpRecoveryAcrossHostsTest} on the real-time path, which the
 * simulated executor does not take: a pooled executor and tcp's per-batch ACKs ({@code AckFlush}
 * messages tcp sends itself, and the sender's handling of the stretch ACKs). A crash of each
 * tcp in the middle of a bulk transfer loses no byte and repeats none under checkpoint+replay
 * (checkpoints every 64 messages, as tcp ships) and under a checkpoint after every message.
 */
class TcpRecoveryInRealTimeTest {
    private static final long BULK = 8L << 20;
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private static Topology twoHosts(final UnaryOperator<ServerSpec<?>> tcpSettings) {
        return Topology.builder()
            .host("a", "10.0.0.1/24")
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w)
            .configure("a.tcp", s -> tcpSettings.apply(Crashable.wrap(s)))
            .configure("b.tcp", s -> tcpSettings.apply(Crashable.wrap(s)))
            .build();
    }

    /** Waits (bounded) until b.tcp has taken more than {@code bytes} bytes of payload. */
    private static void awaitReceived(final NewtRuntime rt, final NewtClient probe, final long bytes)
        throws Exception {
        final long deadline = System.nanoTime() + LIMIT.toNanos();
        Stats s = StackRuns.stats(rt, probe, "b.tcp");
        while (s.get("bytes.in") <= bytes) {
            assertThat(System.nanoTime()).as("b.tcp took %d bytes within %s: %s", bytes, LIMIT, s)
                .isLessThan(deadline);
            s = StackRuns.stats(rt, probe, "b.tcp");
        }
    }

    private static Map<String, Object> bulkWithCrashes(final Topology t) throws Exception {
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(41).pooled(2, "park"))
            .server(StreamWorkloadSpecs.bulkReceiver(t.host("b"), 5001, BULK, 7))
            .server(StreamWorkloadSpecs.bulkSender(t.host("a"), t.host("b").address(), 5001, BULK, 7))
            .build()) {
            rt.start();
            final NewtClient probe = rt.client("probe");
            awaitReceived(rt, probe, BULK / 8);
            probe.send("a.tcp", Crashable.CRASH);
            awaitReceived(rt, probe, BULK / 2);
            probe.send("b.tcp", Crashable.CRASH);
            final Map<String, Object> received = awaitSummary(rt, "b.app.bulk-receiver", LIMIT);
            awaitSummary(rt, "a.app.bulk-sender", LIMIT);
            assertThat(rt.events().ofType(ServerRestarted.class)).extracting(ServerRestarted::server)
                .containsExactlyInAnyOrder("a.tcp", "b.tcp");
            assertThat(StackRuns.stats(rt, probe, "b.tcp").get("acks.batched"))
                .as("the receiver's ACKs went per batch, answering its AckFlush messages").isPositive();
            return received;
        }
    }

    @Test
    void bulkSurvivesTcpCrashesWithCheckpointsEvery64MessagesAndReplay() throws Exception {
        final Map<String, Object> r = bulkWithCrashes(twoHosts(s -> s.withRecovery(RecoveryPolicy.CHECKPOINT_REPLAY)
            .withCheckpoints(CheckpointPolicy.everyMessages(TcpServer.CHECKPOINT_EVERY))));
        assertThat(r.get("complete")).isEqualTo(true);
        assertThat(figure(r, "bytesReceived")).isEqualTo(BULK);
        assertThat(figure(r, "bytesCorrupted")).isZero();
        assertThat(figure(r, "errorCount")).isZero();
    }

    @Test
    void bulkSurvivesTcpCrashesWithACheckpointAfterEveryMessage() throws Exception {
        final Map<String, Object> r = bulkWithCrashes(twoHosts(s -> s.withRecovery(RecoveryPolicy.CHECKPOINT)
            .withCheckpoints(CheckpointPolicy.EVERY_MESSAGE)));
        assertThat(r.get("complete")).isEqualTo(true);
        assertThat(figure(r, "bytesReceived")).isEqualTo(BULK);
        assertThat(figure(r, "bytesCorrupted")).isZero();
        assertThat(figure(r, "errorCount")).isZero();
    }
}
