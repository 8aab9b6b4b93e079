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
import dev.newt.net.tcp.TcpServer;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.StreamWorkloadSpecs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Issue 4's claim, end to end through every server of two hosts (applications, sock, tcp, pf, ip,
 * nic, wire): a crash of tcp in the middle of a bulk transfer or of an rpc run loses no connection
 * and no byte and delivers no byte twice under checkpoint and checkpoint+replay; under fresh the
 * connections are reset cleanly and the applications see errors, never a hang.
 */
class TcpRecoveryAcrossHostsTest {
    private static final long BULK = 1 << 20;
    private static final int RPCS = 300;

    /** tcp recovered by {@code tcpPolicy} from a checkpoint after every message. */
    private static Topology twoHosts(final RecoveryPolicy tcpPolicy) {
        return twoHosts(s -> s.withRecovery(tcpPolicy).withCheckpoints(CheckpointPolicy.EVERY_MESSAGE));
    }

    private static Topology twoHosts(final UnaryOperator<ServerSpec<?>> tcpSettings) {
        return Topology.builder()
            .host("a", "10.0.0.1/24")
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofMillis(1)).bandwidth(100_000_000))
            .configure("a.tcp", s -> tcpSettings.apply(crashable(s)))
            .configure("b.tcp", s -> tcpSettings.apply(crashable(s)))
            .build();
    }

    private static <S> ServerSpec<S> crashable(final ServerSpec<S> spec) {
        return Crashable.wrap(spec);
    }

    /** Crashes a.tcp, then b.tcp, at the given virtual times from now. */
    private static void crashBothTcps(final NewtRuntime rt, final Duration first, final Duration second) {
        final NewtClient c = rt.client("fault");
        rt.runFor(first);
        c.send("a.tcp", Crashable.CRASH);
        rt.runFor(second);
        c.send("b.tcp", Crashable.CRASH);
    }

    private static Map<String, Object> bulk(final RecoveryPolicy policy) throws Exception {
        return bulk(twoHosts(policy), rt -> { });
    }

    private static Map<String, Object> bulk(final Topology t, final Consumer<NewtRuntime> after) throws Exception {
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(41))
            .server(StreamWorkloadSpecs.bulkReceiver(t.host("b"), 5001, BULK, 7))
            .server(StreamWorkloadSpecs.bulkSender(t.host("a"), t.host("b").address(), 5001, BULK, 7))
            .build()) {
            rt.start();
            crashBothTcps(rt, Duration.ofMillis(40), Duration.ofMillis(20));
            final Map<String, Object> received = awaitSummary(rt, "b.app.bulk-receiver", Duration.ofSeconds(70));
            assertThat(rt.events().ofType(ServerRestarted.class)).extracting(ServerRestarted::server)
                .containsExactlyInAnyOrder("a.tcp", "b.tcp");
            awaitSummary(rt, "a.app.bulk-sender", Duration.ofSeconds(70));
            after.accept(rt);
            return received;
        }
    }

    @Test
    void bulkTransferSurvivesTcpCrashesWithCheckpointLosingAndRepeatingNoByte() throws Exception {
        final Map<String, Object> r = bulk(RecoveryPolicy.CHECKPOINT);
        assertThat(r.get("complete")).isEqualTo(true);
        assertThat(figure(r, "bytesReceived")).isEqualTo(BULK);
        assertThat(figure(r, "bytesCorrupted")).isZero();
        assertThat(figure(r, "errorCount")).isZero();
    }

    @Test
    void bulkTransferSurvivesTcpCrashesWithCheckpointReplay() throws Exception {
        final Map<String, Object> r = bulk(RecoveryPolicy.CHECKPOINT_REPLAY);
        assertThat(r.get("complete")).isEqualTo(true);
        assertThat(figure(r, "bytesReceived")).isEqualTo(BULK);
        assertThat(figure(r, "bytesCorrupted")).isZero();
    }

    @Test
    void bulkTransferSurvivesTcpCrashesWithCheckpointsEvery64MessagesAndReplayOfTheRest() throws Exception {
        final Map<String, Object> r = bulk(twoHosts(s -> s.withRecovery(RecoveryPolicy.CHECKPOINT_REPLAY)
            .withCheckpoints(CheckpointPolicy.everyMessages(TcpServer.CHECKPOINT_EVERY))), rt ->
            assertThat(rt.events().ofType(ServerRestarted.class)).as("each restart replayed messages")
                .allSatisfy(e -> assertThat(e.replayed()).isPositive()));
        assertThat(r.get("complete")).isEqualTo(true);
        assertThat(figure(r, "bytesReceived")).isEqualTo(BULK);
        assertThat(figure(r, "bytesCorrupted")).isZero();
        assertThat(figure(r, "errorCount")).isZero();
    }

    @Test
    void freshTcpResetsTheTransferCleanlyAndTheApplicationsSeeErrorsNotAHang() throws Exception {
        final Map<String, Object> r = bulk(RecoveryPolicy.FRESH);
        assertThat(r.get("complete")).isEqualTo(false);
        assertThat(figure(r, "errorCount")).isPositive();
        assertThat(figure(r, "bytesReceived")).isLessThan(BULK);
        // What did arrive is exactly the sender's bytes, in order.
        assertThat(figure(r, "bytesCorrupted")).isZero();
    }

    /** tcp restored by {@code checkpoint} without replay from checkpoints taken every 64 messages: stale. */
    private static Topology staleCheckpoints() {
        return twoHosts(s -> s.withRecovery(RecoveryPolicy.CHECKPOINT)
            .withCheckpoints(CheckpointPolicy.everyMessages(TcpServer.CHECKPOINT_EVERY)));
    }

    /** @return the summary's errors by code */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> errors(final Map<String, Object> summary) {
        return (Map<String, Object>) summary.get("errors");
    }

    @Test
    void aTcpRestoredFromAStaleCheckpointResetsItsConnectionsAndTheTransferEndsWithAnErrorNotAStall()
        throws Exception {
        final long[] endedAt = new long[1];
        final Map<String, Object> r = bulk(staleCheckpoints(), rt -> endedAt[0] = rt.now());
        assertThat(r.get("complete")).isEqualTo(false);
        assertThat(errors(r)).containsKey("RESET").doesNotContainKey("DEADLINE");
        assertThat(figure(r, "bytesCorrupted")).isZero();
        assertThat(endedAt[0]).as("ended well before the workload's 60 s deadline").isLessThan(5_000_000_000L);
    }

    @Test
    void rpcOverATcpRestoredFromAStaleCheckpointEndsWithAnErrorNotAStall() throws Exception {
        final Topology t = staleCheckpoints();
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(43))
            .server(StreamWorkloadSpecs.rpcServer(t.host("b"), 6001))
            .server(StreamWorkloadSpecs.rpcClient(t.host("a"), t.host("b").address(), 6001, RPCS, 100, 1000,
                true, 9))
            .build()) {
            rt.start();
            crashBothTcps(rt, Duration.ofMillis(100), Duration.ofMillis(100));
            final Map<String, Object> r = awaitSummary(rt, "a.app.rpc-client", Duration.ofSeconds(70));
            assertThat(figure(r, "errorCount")).isPositive();
            assertThat(figure(r, "corrupted")).isZero();
            assertThat(figure(r, "ok") + figure(r, "failed") + figure(r, "unfinished")).isEqualTo(RPCS);
            assertThat(rt.now()).as("ended well before the workload's 60 s deadline").isLessThan(5_000_000_000L);
        }
    }

    private static Map<String, Object> rpc(final RecoveryPolicy policy) throws Exception {
        final Topology t = twoHosts(policy);
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(43))
            .server(StreamWorkloadSpecs.rpcServer(t.host("b"), 6001))
            .server(StreamWorkloadSpecs.rpcClient(t.host("a"), t.host("b").address(), 6001, RPCS, 100, 1000,
                true, 9))
            .build()) {
            rt.start();
            crashBothTcps(rt, Duration.ofMillis(100), Duration.ofMillis(100));
            return awaitSummary(rt, "a.app.rpc-client", Duration.ofSeconds(70));
        }
    }

    @Test
    void rpcOnAPersistentConnectionSurvivesTcpCrashesWithCheckpoint() throws Exception {
        final Map<String, Object> r = rpc(RecoveryPolicy.CHECKPOINT);
        assertThat(figure(r, "ok")).isEqualTo(RPCS);
        assertThat(figure(r, "failed")).isZero();
        assertThat(figure(r, "corrupted")).isZero();
        assertThat(figure(r, "connects")).isEqualTo(1);
    }

    @Test
    void rpcWithFreshTcpFailsCleanlyAndAccountsForEveryRequest() throws Exception {
        final Map<String, Object> r = rpc(RecoveryPolicy.FRESH);
        assertThat(figure(r, "corrupted")).isZero();
        assertThat(figure(r, "failed") + figure(r, "unfinished")).isPositive();
        assertThat(figure(r, "ok") + figure(r, "failed") + figure(r, "corrupted") + figure(r, "unfinished"))
            .isEqualTo(RPCS);
        assertThat(List.of(figure(r, "errorCount"))).allSatisfy(e -> assertThat(e).isPositive());
    }
}
