package dev.newt.net.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.app.AppSpecs;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.nic.FlowHash;
import dev.newt.net.topology.Topology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The socket API on a host with replicas of its stack: connections from host a (two replicas) to
 * b's echo server are dealt to a's replicas in turn, each on a port that hashes back to its
 * replica, and every one of them carries its bytes.
 */
class NewtSocketReplicasTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void connectionsAreDealtToTheReplicasAndEachWorks() throws Exception {
        final Topology t = Topology.builder().host("a", "10.0.0.1/24").host("b", "10.0.0.2/24").wire("a", "b")
            .replicas("a", 2).build();
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(3).threaded("park"))
            .server(AppSpecs.echo(t.host("b"), 7)).build()) {
            rt.start();
            connect(rt, t).close(); // until the echo server listens (refused attempts are dealt too)
            final List<NewtSocket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    sockets.add(NewtSocket.connect(rt, "a", t.host("b").address(), 7, WAIT));
                }
                for (NewtSocket s : sockets) {
                    s.setSoTimeout(WAIT);
                    final byte[] hello = ("hello " + s.getLocalPort()).getBytes(StandardCharsets.US_ASCII);
                    s.getOutputStream().write(hello);
                    assertThat(s.getInputStream().readNBytes(hello.length)).isEqualTo(hello);
                }
                final List<Integer> replicas = sockets.stream().map(s -> FlowHash.replica(0x0A00_0001,
                    s.getLocalPort(), 0x0A00_0002, 7, 2)).toList();
                assertThat(replicas).containsExactlyInAnyOrder(0, 0, 1, 1);
                final long zero = activeOpens(rt, "a.tcp");
                final long one = activeOpens(rt, "a.tcp#1");
                assertThat(zero).isGreaterThanOrEqualTo(2);
                assertThat(one).isGreaterThanOrEqualTo(2);
            } finally {
                sockets.forEach(NewtSocket::close);
            }
        }
    }

    /** The echo server listens once its first messages are handled: connect until it does. */
    private static NewtSocket connect(final NewtRuntime rt, final Topology t) throws Exception {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                return NewtSocket.connect(rt, "a", t.host("b").address(), 7, WAIT);
            } catch (java.net.ConnectException refused) {
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
                Thread.onSpinWait();
            }
        }
    }

    private static long activeOpens(final NewtRuntime rt, final String tcp) throws Exception {
        final Stats s = (Stats) rt.client("probe-" + tcp.replace('#', '-')).request(tcp, new StatsQuery())
            .get(10, TimeUnit.SECONDS).payload();
        return s.get("connections.active-opens");
    }
}
