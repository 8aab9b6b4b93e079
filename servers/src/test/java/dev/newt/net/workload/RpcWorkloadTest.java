package dev.newt.net.workload;

import static dev.newt.net.workload.StreamRuns.HOST;
import static dev.newt.net.workload.StreamRuns.figure;
import static dev.newt.net.workload.StreamRuns.runUntilDone;
import static dev.newt.net.workload.StreamRuns.stats;
import static dev.newt.net.workload.StreamRuns.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.net.msg.Stats;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rpc workload end to end on the simulated executor, through the real sock and the in-memory
 * loopback tcp of host {@code a}: persistent and fresh connections, every response checked, and
 * tcp crashes in the middle.
 */
class RpcWorkloadTest {
    private static final String CLIENT = "a.app.rpc-client";

    private static NewtRuntime rpc(final long seed, final RecoveryPolicy tcp, final int requests,
                                   final boolean persistent) {
        return StreamRuns.start(seed, tcp, StreamWorkloadSpecs.rpcServer(HOST, 7000),
            StreamWorkloadSpecs.rpcClient(HOST, HOST.address(), 7000, requests, 100, 3000, persistent, 5));
    }

    private static long doneSoFar(final NewtRuntime rt) {
        try {
            final RpcClient.State s = rt.checkpointedState(CLIENT, RpcClient.State.class);
            return s.ok + s.failed + s.corrupted;
        } catch (IllegalStateException noCheckpointYet) {
            return 0;
        }
    }

    /** Runs until {@code n} exchanges are done, looking every 100 µs (decoding the state is not free). */
    private static void runUntilExchanges(final NewtRuntime rt, final long n) {
        for (int i = 0; i < 100_000 && doneSoFar(rt) < n; i++) {
            rt.runFor(Duration.ofNanos(100_000));
        }
        assertThat(doneSoFar(rt)).isGreaterThanOrEqualTo(n);
    }

    private static void assertAllOk(final Map<String, Object> s, final long requests) {
        assertThat(figure(s, "requests")).isEqualTo(requests);
        assertThat(figure(s, "ok")).isEqualTo(requests);
        assertThat(figure(s, "failed")).isZero();
        assertThat(figure(s, "corrupted")).isZero();
        assertThat(figure(s, "unfinished")).isZero();
        assertThat(figure(s, "errorCount")).isZero();
        assertThat(figure(s, "latencyP50Nanos")).isPositive();
        assertThat(figure(s, "latencyP99Nanos")).isGreaterThanOrEqualTo(figure(s, "latencyP50Nanos"));
        assertThat(figure(s, "latencyMaxNanos")).isGreaterThanOrEqualTo(figure(s, "latencyP99Nanos"));
    }

    @Test
    void manyExchangesOnOnePersistentConnectionAllComeBackIntact() {
        try (NewtRuntime rt = rpc(1, RecoveryPolicy.CHECKPOINT, 300, true)) {
            runUntilDone(rt, Duration.ofSeconds(30), CLIENT);
            final Map<String, Object> s = summary(rt, CLIENT);
            assertAllOk(s, 300);
            assertThat(s.get("mode")).isEqualTo("persistent");
            assertThat(figure(s, "connects")).isEqualTo(1);
            final Stats sock = stats(rt, "a.sock");
            assertThat(sock.get("stream.connects")).isEqualTo(1);
            assertThat(sock.get("stream.accepts")).isEqualTo(1);
            assertThat(sock.get("stream.bytes.out")).as("requests and responses").isEqualTo(300L * (100 + 3000));
            final RpcServer.State server = rt.checkpointedState("a.app.rpc-server", RpcServer.State.class);
            assertThat(server.served).isEqualTo(300);
            assertThat(server.corrupted).isZero();
        }
    }

    @Test
    void aFreshConnectionPerExchangeOpensAndClosesEachOneCleanly() {
        try (NewtRuntime rt = rpc(2, RecoveryPolicy.CHECKPOINT, 100, false)) {
            runUntilDone(rt, Duration.ofSeconds(30), CLIENT);
            final Map<String, Object> s = summary(rt, CLIENT);
            assertAllOk(s, 100);
            assertThat(s.get("mode")).isEqualTo("fresh");
            assertThat(figure(s, "connects")).isEqualTo(100);
            rt.runFor(Duration.ofMillis(10));
            final Stats sock = stats(rt, "a.sock");
            assertThat(sock.get("stream.connects")).isEqualTo(100);
            assertThat(sock.get("stream.accepts")).isEqualTo(100);
            assertThat(sock.get("connections")).as("every connection released at both ends").isZero();
            assertThat(stats(rt, "a.tcp").get("connections")).isZero();
        }
    }

    @Test
    void freshConnectionsCostMoreLatencyThanAPersistentOne() {
        final long persistent;
        final long fresh;
        try (NewtRuntime rt = rpc(3, RecoveryPolicy.CHECKPOINT, 100, true)) {
            runUntilDone(rt, Duration.ofSeconds(30), CLIENT);
            persistent = figure(summary(rt, CLIENT), "latencyP50Nanos");
        }
        try (NewtRuntime rt = rpc(3, RecoveryPolicy.CHECKPOINT, 100, false)) {
            runUntilDone(rt, Duration.ofSeconds(30), CLIENT);
            fresh = figure(summary(rt, CLIENT), "latencyP50Nanos");
        }
        assertThat(fresh).as("a connect in every exchange").isGreaterThan(persistent);
    }

    @Test
    void tcpCrashesRestoredFromCheckpointsFailNoExchange() {
        for (boolean persistent : new boolean[] {true, false}) {
            try (NewtRuntime rt = rpc(4, RecoveryPolicy.CHECKPOINT, 200, persistent)) {
                for (long at : new long[] {50, 120}) {
                    runUntilExchanges(rt, at);
                    StreamRuns.crash(rt, "a.tcp");
                }
                runUntilDone(rt, Duration.ofSeconds(30), CLIENT);
                assertAllOk(summary(rt, CLIENT), 200);
                assertThat(StreamRuns.restarts(rt, "a.tcp")).isEqualTo(2);
            }
        }
    }

    @Test
    void freshTcpFailsTheExchangeUnderWayAndTheRestRunOnANewConnectionOnceTheServerListensAgain() {
        try (NewtRuntime rt = rpc(5, RecoveryPolicy.FRESH, 200, true)) {
            runUntilExchanges(rt, 80);
            StreamRuns.crash(rt, "a.tcp");
            runUntilDone(rt, Duration.ofSeconds(30), CLIENT);
            final Map<String, Object> s = summary(rt, CLIENT);
            assertThat(figure(s, "corrupted")).isZero();
            assertThat(figure(s, "unfinished")).isZero();
            assertThat(figure(s, "failed")).as("the exchange under way").isEqualTo(1);
            assertThat(figure(s, "ok")).isEqualTo(199);
            assertThat(figure(s, "connects")).as("a new connection after the failure").isEqualTo(2);
            assertThat(figure(s, "connectRetries")).as("refused until the server listened again").isPositive();
            final RpcServer.State server = rt.checkpointedState("a.app.rpc-server", RpcServer.State.class);
            assertThat(server.listeners.relistens()).isEqualTo(1);
            assertThat(stats(rt, "a.sock").get("tcp.forgot")).isPositive();
        }
    }
}
