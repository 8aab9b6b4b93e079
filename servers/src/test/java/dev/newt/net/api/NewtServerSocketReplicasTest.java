package dev.newt.net.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.testing.Crashable;
import dev.newt.net.host.HostNames;
import dev.newt.net.topology.Topology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A listener on a host with replicas of its stack listens in every replica: host b runs three
 * replicas, host a one, so a's connections land in whichever of b's replicas their 4-tuple hashes
 * to, and one {@link NewtServerSocket} accepts them all. A fresh restart of one replica's tcp loses
 * exactly the connections accepted in that replica.
 */
class NewtServerSocketReplicasTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int REPLICAS = 3;
    private static final int CONNECTIONS = 18;
    private static final int CRASHED = 1;

    @Test
    void acceptsInEveryReplicaAndEveryExchangeCompletes() throws Exception {
        try (NewtRuntime rt = runtime(false); NewtServerSocket server = NewtServerSocket.listen(rt, "b", 80)) {
            assertThat(server.replicas()).isEqualTo(REPLICAS);
            final List<NewtSocket[]> pairs = connectAll(rt, server);
            try {
                final int[] perReplica = perReplica(pairs);
                assertThat(perReplica).as("connections accepted per replica").doesNotContain(0);
                assertThat(perReplica[0] + perReplica[1] + perReplica[2]).isEqualTo(CONNECTIONS);
                for (NewtSocket[] p : pairs) {
                    assertThat(exchange(p, "first")).isTrue();
                }
            } finally {
                closeAll(pairs);
            }
        }
    }

    @Test
    void acceptAsyncTakesConnectionsFromEveryReplica() throws Exception {
        try (NewtRuntime rt = runtime(false); NewtServerSocket server = NewtServerSocket.listen(rt, "b", 80)) {
            final List<NewtSocket[]> pairs = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    pairs.add(connectOne(rt, server, true));
                }
                assertThat(perReplica(pairs)).as("connections accepted per replica").doesNotContain(0);
                for (NewtSocket[] p : pairs) {
                    assertThat(exchange(p, "async")).isTrue();
                }
            } finally {
                closeAll(pairs);
            }
        }
    }

    @Test
    void aFreshRestartOfOneReplicasTcpLosesOnlyItsAcceptedConnections() throws Exception {
        try (NewtRuntime rt = runtime(true); NewtServerSocket server = NewtServerSocket.listen(rt, "b", 80)) {
            final List<NewtSocket[]> pairs = connectAll(rt, server);
            try {
                for (NewtSocket[] p : pairs) {
                    assertThat(exchange(p, "before")).isTrue();
                }
                final int expectedLost = perReplica(pairs)[CRASHED];
                assertThat(expectedLost).isPositive();
                rt.client("fault").send(HostNames.replica("b", HostNames.TCP, CRASHED), Crashable.CRASH);
                int lost = 0;
                for (NewtSocket[] p : pairs) {
                    if (p[1].stackReplica() == CRASHED) {
                        assertThat(exchangeFails(p[0])).as("a connection of the crashed replica breaks").isTrue();
                        lost++;
                    } else {
                        assertThat(exchange(p, "after")).as("a connection of another replica never notices").isTrue();
                    }
                }
                assertThat(lost).isEqualTo(expectedLost);
                // Every replica accepts again, the crashed one too: its listener was lost with its
                // tcp's state, and the server socket listens there again once its accept fails.
                final long deadline = System.nanoTime() + WAIT.toNanos();
                while (server.relistens() == 0 && System.nanoTime() < deadline) {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
                assertThat(server.relistens()).as("the crashed replica listened again").isEqualTo(1);
                boolean crashedAcceptsAgain = false;
                for (int i = 0; i < CONNECTIONS && !crashedAcceptsAgain; i++) {
                    final NewtSocket[] late = connectOne(rt, server, i % 2 == 0);
                    pairs.add(late);
                    assertThat(exchange(late, "late")).isTrue();
                    crashedAcceptsAgain = late[1].stackReplica() == CRASHED;
                }
                assertThat(crashedAcceptsAgain).as("a connection accepted in the restarted replica").isTrue();
            } finally {
                closeAll(pairs);
            }
        }
    }

    private static NewtRuntime runtime(final boolean crashable) {
        final Topology.Builder t = Topology.builder().host("a", "10.0.0.1/24").host("b", "10.0.0.2/24")
            .wire("a", "b").replicas("b", REPLICAS);
        if (crashable) {
            t.configure(HostNames.replica("b", HostNames.TCP, CRASHED), s -> Crashable.wrap(s)
                .withRecovery(RecoveryPolicy.FRESH).withCheckpoints(CheckpointPolicy.EVERY_MESSAGE));
        }
        final NewtRuntime rt = t.build().install(NewtRuntime.builder().seed(5).threaded("park")).build();
        rt.start();
        return rt;
    }

    /** @return client and accepted socket of each of {@link #CONNECTIONS} connections from a to b */
    private static List<NewtSocket[]> connectAll(final NewtRuntime rt, final NewtServerSocket server)
        throws IOException {
        final List<NewtSocket[]> pairs = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            pairs.add(connectOne(rt, server));
        }
        return pairs;
    }

    private static NewtSocket[] connectOne(final NewtRuntime rt, final NewtServerSocket server) throws IOException {
        return connectOne(rt, server, false);
    }

    /** @param async accept with {@link NewtServerSocket#acceptAsync} (asked before the connect) */
    private static NewtSocket[] connectOne(final NewtRuntime rt, final NewtServerSocket server, final boolean async)
        throws IOException {
        final java.util.concurrent.CompletableFuture<NewtSocket> accepted = async ? server.acceptAsync() : null;
        final NewtSocket c = NewtSocket.connect(rt, "a", address(), 80, WAIT);
        final NewtSocket s;
        try {
            s = async ? accepted.get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS) : server.accept(WAIT);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("acceptAsync: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        c.setSoTimeout(WAIT);
        s.setSoTimeout(WAIT);
        assertThat(s.getPort()).isEqualTo(c.getLocalPort());
        return new NewtSocket[] {c, s};
    }

    private static dev.newt.net.wire.Ipv4Address address() {
        return dev.newt.net.wire.Ipv4Address.parse("10.0.0.2");
    }

    private static int[] perReplica(final List<NewtSocket[]> pairs) {
        final int[] counts = new int[REPLICAS];
        pairs.forEach(p -> counts[p[1].stackReplica()]++);
        return counts;
    }

    /** The client sends a line, the server echoes it: @return whether the client read it back */
    private static boolean exchange(final NewtSocket[] p, final String what) throws IOException {
        final byte[] msg = (what + " " + p[0].getLocalPort()).getBytes(StandardCharsets.US_ASCII);
        p[0].getOutputStream().write(msg);
        final byte[] got = p[1].getInputStream().readNBytes(msg.length);
        p[1].getOutputStream().write(got);
        return java.util.Arrays.equals(p[0].getInputStream().readNBytes(msg.length), msg);
    }

    /** @return whether the client's write or read fails or ends: its peer's tcp forgot the connection */
    private static boolean exchangeFails(final NewtSocket client) {
        try {
            client.getOutputStream().write("lost?".getBytes(StandardCharsets.US_ASCII));
            return client.getInputStream().read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private static void closeAll(final List<NewtSocket[]> pairs) {
        for (NewtSocket[] p : pairs) {
            p[0].close();
            p[1].close();
        }
    }
}
