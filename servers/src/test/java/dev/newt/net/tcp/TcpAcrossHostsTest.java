package dev.newt.net.tcp;

import static dev.newt.net.tcp.TcpHarness.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CorruptionDetected;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import dev.newt.core.testing.Crashable;
import dev.newt.net.link.WireConfig;
import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.msg.StreamAccept;
import dev.newt.net.msg.StreamAccepted;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.msg.StreamConnected;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamListen;
import dev.newt.net.msg.StreamListening;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.topology.Topology;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Bulk transfers between two hosts over the real stack (wire, nic, ip, pf, tcp), with tcp driven
 * directly by clients that play sock: every byte must arrive exactly once and in order, whatever
 * the wire loses, reorders or duplicates, and a lossy run must be reproducible from its seed.
 */
class TcpAcrossHostsTest {
    private static final int SIZE = 1 << 20;
    private static final int CHUNK = 16 * 1024;
    private static final int PORT = 5001;
    private static final long PATTERN = 0x5eedL;

    /** What a transfer did. */
    record Outcome(byte[] received, Stats a, Stats b, Stats wire, long virtualNanos, String eventsHash) {
    }

    private static <S> ServerSpec<S> crashable(final ServerSpec<S> spec) {
        return spec.wrapping(Crashable::new);
    }

    private static Outcome transfer(final long seed, final UnaryOperator<WireConfig> impair) throws Exception {
        return transfer(seed, impair, false);
    }

    /**
     * Sends {@link #SIZE} bytes from a to b and closes; with {@code crashes}, a.tcp and b.tcp each
     * crash (and are restored from their checkpoints) in the middle of the transfer.
     */
    private static Outcome transfer(final long seed, final UnaryOperator<WireConfig> impair, final boolean crashes)
        throws Exception {
        final Topology t = Topology.builder()
            .host("a", "10.0.0.1/24")
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> impair.apply(w.latency(Duration.ofMillis(1)).bandwidth(100_000_000)))
            .configure("a.tcp", TcpAcrossHostsTest::crashable)
            .configure("b.tcp", TcpAcrossHostsTest::crashable)
            .build();
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(seed)).build()) {
            rt.start();
            final NewtClient a = rt.client("a.app");
            final NewtClient b = rt.client("b.app");
            final StreamListening l = (StreamListening) await(rt, b.request("b.tcp", new StreamListen(PORT, 4)));
            final CompletableFuture<Envelope> accept = b.request("b.tcp", new StreamAccept(l.listenerId()));
            final StreamConnected c = (StreamConnected) await(rt,
                a.request("a.tcp", new StreamConnect(t.host("b").address(), PORT, 0)));
            final StreamAccepted s = (StreamAccepted) await(rt, accept);
            assertThat(s.remote()).isEqualTo(t.host("a").address());
            assertThat(s.remotePort()).isEqualTo(c.localPort());

            final ByteArrayOutputStream received = new ByteArrayOutputStream();
            int offered = 0;
            boolean eof = false;
            int crashed = 0;
            CompletableFuture<Envelope> send = null;
            CompletableFuture<Envelope> receive = b.request("b.tcp", new StreamReceive(s.connectionId(), 64 * 1024));
            while (!eof) {
                if (send == null && offered < SIZE) {
                    final int n = Math.min(CHUNK, SIZE - offered);
                    send = a.request("a.tcp", new StreamSend(c.connectionId(), pattern(PATTERN, offered, n)));
                    offered += n;
                } else if (send == null && offered == SIZE) {
                    send = a.request("a.tcp", new StreamClose(c.connectionId(), false));
                    offered++;
                }
                final CompletableFuture<Envelope> sf = send;
                final CompletableFuture<Envelope> rf = receive;
                assertThat(rt.runUntil(() -> (sf != null && sf.isDone()) || rf.isDone(), Duration.ofSeconds(120)))
                    .as("progress by %d bytes received at %d s", received.size(), rt.now() / 1_000_000_000L)
                    .isTrue();
                if (sf != null && sf.isDone()) {
                    assertThat(Await.result(sf).payload()).isNotInstanceOf(SocketError.class);
                    send = null;
                }
                if (rf.isDone()) {
                    final Object p = Await.result(rf).payload();
                    assertThat(p).isInstanceOf(StreamData.class);
                    final StreamData d = (StreamData) p;
                    received.writeBytes(d.data());
                    eof = d.eof();
                    if (crashes && crashed < 4 && received.size() > (crashed + 1) * SIZE / 5) {
                        a.send(crashed % 2 == 0 ? "b.tcp" : "a.tcp", Crashable.CRASH);
                        crashed++;
                    }
                    if (!eof) {
                        receive = b.request("b.tcp", new StreamReceive(s.connectionId(), 64 * 1024));
                    }
                }
            }
            final long end = rt.now();
            await(rt, b.request("b.tcp", new StreamClose(s.connectionId(), false)));
            // the last FIN and ACKs (a backed-off retransmission of b's FIN may take a while), TIME_WAIT
            Stats sa = stats(rt, a, "a.tcp");
            Stats sb = stats(rt, b, "b.tcp");
            for (int i = 0; i < 120 && sa.get("connections") + sb.get("connections") > 0; i++) {
                rt.runFor(Duration.ofSeconds(1));
                sa = stats(rt, a, "a.tcp");
                sb = stats(rt, b, "b.tcp");
            }
            assertThat(rt.events().ofType(CorruptionDetected.class)).isEmpty();
            assertThat(rt.events().ofType(ServerCrashed.class)).hasSize(crashes ? 4 : 0);
            assertThat(sa.get("connections")).as("a's connection is gone after TIME_WAIT").isZero();
            assertThat(sb.get("connections")).isZero();
            return new Outcome(received.toByteArray(), sa, sb, stats(rt, a, "wire.a-b"), end, rt.events().sha256());
        }
    }

    private static Object await(final NewtRuntime rt, final CompletableFuture<Envelope> f) {
        assertThat(rt.runUntil(f::isDone, Duration.ofSeconds(30))).isTrue();
        return Await.result(f).payload();
    }

    private static Stats stats(final NewtRuntime rt, final NewtClient c, final String server) {
        return (Stats) await(rt, c.request(server, new StatsQuery()));
    }

    private static void assertExactlyOnceInOrder(final Outcome o) {
        assertThat(o.received().length).isEqualTo(SIZE);
        // compare in pieces so that a failure names the first bad offset
        final byte[] want = pattern(PATTERN, 0, SIZE);
        for (int off = 0; off < SIZE; off += 4096) {
            assertThat(Arrays.copyOfRange(o.received(), off, off + 4096)).as("bytes at %d", off)
                .isEqualTo(Arrays.copyOfRange(want, off, off + 4096));
        }
    }

    @Test
    void megabyteOverACleanWireArrivesExactlyOnceWithoutRetransmission() throws Exception {
        final Outcome o = transfer(1, w -> w);
        assertExactlyOnceInOrder(o);
        assertThat(o.a().get("retransmits")).isZero();
        assertThat(o.a().get("timeouts")).isZero();
        assertThat(o.a().get("bytes.out")).isEqualTo(SIZE);
        assertThat(o.b().get("bytes.in")).isEqualTo(SIZE);
        assertThat(o.a().get("connections.closed")).isEqualTo(1);
        assertThat(o.b().get("connections.closed")).isEqualTo(1);
        assertThat(o.virtualNanos()).as("well under a virtual second").isLessThan(1_000_000_000L);
    }

    @Test
    void megabyteOverOnePercentLossWithReorderingAndDuplicationArrivesExactlyOnce() throws Exception {
        final Outcome o = transfer(2, w -> w.loss(0.01).reorder(0.02, Duration.ofMillis(3)).duplicate(0.01));
        assertExactlyOnceInOrder(o);
        assertThat(o.wire().get("lost")).isPositive();
        assertThat(o.a().get("retransmits")).isPositive();
        assertThat(o.b().get("bytes.in")).as("duplicates and retransmissions arrive too").isGreaterThan(SIZE);
    }

    @Test
    void megabyteOverFivePercentLossWithReorderingAndDuplicationArrivesExactlyOnce() throws Exception {
        final Outcome o = transfer(3, w -> w.loss(0.05).reorder(0.05, Duration.ofMillis(3)).duplicate(0.02));
        assertExactlyOnceInOrder(o);
        assertThat(o.a().get("fast-retransmits")).isPositive();
        assertThat(o.wire().get("reordered")).isPositive();
        assertThat(o.wire().get("duplicated")).isPositive();
    }

    @Test
    void megabyteOverTenPercentLossWithReorderingAndDuplicationArrivesExactlyOnce() throws Exception {
        final Outcome o = transfer(4, w -> w.loss(0.10).reorder(0.05, Duration.ofMillis(3)).duplicate(0.02));
        assertExactlyOnceInOrder(o);
        assertThat(o.a().get("timeouts")).as("some losses need the timer").isPositive();
        assertThat(o.a().get("fast-retransmits")).isPositive();
    }

    @Test
    void lossyTransferIsReproducedExactlyFromItsSeed() throws Exception {
        final UnaryOperator<WireConfig> impair = w -> w.loss(0.05).reorder(0.05, Duration.ofMillis(3))
            .duplicate(0.02);
        final Outcome first = transfer(77, impair);
        final Outcome second = transfer(77, impair);
        assertExactlyOnceInOrder(first);
        assertThat(second.virtualNanos()).isEqualTo(first.virtualNanos());
        assertThat(second.a().counters()).isEqualTo(first.a().counters());
        assertThat(second.b().counters()).isEqualTo(first.b().counters());
        assertThat(second.wire().counters()).isEqualTo(first.wire().counters());
        assertThat(second.eventsHash()).isEqualTo(first.eventsHash());
        final Map<String, Long> wire = new TreeMap<>(first.wire().counters());
        assertThat(wire.get("lost")).isPositive();
        // another seed is another run
        final Outcome other = transfer(78, impair);
        assertThat(other.a().counters()).isNotEqualTo(first.a().counters());
    }

    @Test
    void tcpCrashesOnBothHostsInTheMiddleOfALossyTransferLoseAndRepeatNoByte() throws Exception {
        final Outcome o = transfer(5, w -> w.loss(0.02).reorder(0.02, Duration.ofMillis(3)), true);
        assertExactlyOnceInOrder(o);
        assertThat(o.a().get("connections.reset") + o.b().get("connections.reset")).isZero();
        assertThat(o.a().get("connections.closed")).isEqualTo(1);
        assertThat(o.b().get("connections.closed")).isEqualTo(1);
    }
}
