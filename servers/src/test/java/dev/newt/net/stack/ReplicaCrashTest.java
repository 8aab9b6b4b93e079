package dev.newt.net.stack;

import static dev.newt.net.stack.StackRuns.awaitSummary;
import static dev.newt.net.stack.StackRuns.figure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Crashable;
import dev.newt.net.host.HostConfig;
import dev.newt.net.host.HostNames;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.RpcClient;
import dev.newt.net.workload.StreamWorkloadSpecs;
import dev.newt.net.wire.Ipv4Address;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replicas of a host's stack are isolated: host {@code a} runs N replicas, C = 12 rpc clients each
 * hold one persistent connection, dealt to the replicas in turn (client i in replica i mod N), to
 * the rpc server of host {@code b}. A crash of one replica's tcp, restarted {@code fresh}, breaks
 * exactly the C/N connections of that replica; the clients of the other replicas finish every
 * exchange with no error.
 */
class ReplicaCrashTest {
    private static final int CLIENTS = 12;
    private static final int RPCS = 60;

    @ParameterizedTest(name = "{0} replicas")
    @ValueSource(ints = {1, 2, 3, 4})
    void aFreshRestartOfOneReplicasTcpLosesOnlyThatReplicasConnections(final int replicas) throws Exception {
        final int crashed = replicas - 1;
        final String tcp = HostNames.replica("a", HostNames.TCP, crashed);
        final Topology t = Topology.builder()
            .host("a", "10.0.0.1/24")
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofMillis(1)).bandwidth(100_000_000))
            .replicas("a", replicas)
            .configure(tcp, s -> Crashable.wrap(s).withRecovery(RecoveryPolicy.FRESH)
                .withCheckpoints(CheckpointPolicy.EVERY_MESSAGE))
            .build();
        final NewtRuntime.Builder b = t.install(NewtRuntime.builder().seed(43))
            .server(StreamWorkloadSpecs.rpcServer(t.host("b"), 6001));
        for (int i = 0; i < CLIENTS; i++) {
            b.server(client(t.host("a").asReplica(i % replicas), t.host("b").address(), i));
        }
        final Map<Integer, Integer> lostByReplica = new HashMap<>();
        int lost = 0;
        try (NewtRuntime rt = b.build()) {
            rt.start();
            final NewtClient fault = rt.client("fault");
            rt.runFor(Duration.ofMillis(60));
            fault.send(tcp, Crashable.CRASH);
            for (int i = 0; i < CLIENTS; i++) {
                final Map<String, Object> r = awaitSummary(rt, "a.app.rpc-" + i, Duration.ofSeconds(70));
                final int replica = i % replicas;
                assertThat(figure(r, "corrupted")).isZero();
                assertThat(figure(r, "ok") + figure(r, "failed") + figure(r, "unfinished")).isEqualTo(RPCS);
                if (figure(r, "errorCount") > 0) {
                    lost++;
                    lostByReplica.merge(replica, 1, Integer::sum);
                    assertThat(figure(r, "ok")).as("client %d lost its connection midway", i).isLessThan(RPCS);
                } else {
                    assertThat(figure(r, "ok")).as("client %d never noticed", i).isEqualTo(RPCS);
                }
            }
        }
        assertThat(lost).isEqualTo(CLIENTS / replicas);
        assertThat(lostByReplica).containsOnlyKeys(crashed);
    }

    private static ServerSpec<RpcClient.State> client(final HostConfig replica, final Ipv4Address server, final int i) {
        final RpcClient.Config cfg = new RpcClient.Config(replica.server(HostNames.SOCK),
            server, 6001, RPCS, 100, 1000, true, Duration.ofMillis(2), 9 + i,
            StreamWorkloadSpecs.BIN, StreamWorkloadSpecs.DEADLINE);
        return ServerSpec.of("a.app.rpc-" + i, RpcClient.State.class, () -> new RpcClient(cfg), RpcClient.State::new)
            .withCheckpoints(CheckpointPolicy.EVERY_MESSAGE).withMailboxCapacity(8192);
    }
}
