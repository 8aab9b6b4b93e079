package dev.newt.net.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CorruptionDetected;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.IpInbound;
import dev.newt.net.msg.IpOutbound;
import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.msg.StreamConnected;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.TcpSegment;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * The tcp of host {@code a} (10.0.0.1/24) alone, its neighbours played by clients: {@code a.pf}
 * receives every segment tcp sends (decoded here) and delivers segments crafted as if from host
 * {@code b} (10.0.0.2); {@code a.sock} makes the stream calls.
 */
final class TcpHarness implements AutoCloseable {
    static final HostConfig HOST = HostConfig.of("a", "10.0.0.1/24", "lan");
    static final Ipv4Address A = HOST.address();
    static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");
    static final String TCP = "a.tcp";
    static final long MS = 1_000_000L;

    final NewtRuntime rt;
    final NewtClient pf;
    final NewtClient sock;
    final NewtClient other;

    /** A segment tcp sent, with when it sent it. */
    record Sent(TcpSegment seg, long at) {
        int seq() {
            return seg.sequenceNumber();
        }

        int ack() {
            return seg.acknowledgmentNumber();
        }

        String flags() {
            return seg.flagString();
        }

        int length() {
            return seg.payloadLength();
        }
    }

    TcpHarness(final TcpConfig config) {
        this(config, s -> s);
    }

    TcpHarness(final TcpConfig config, final UnaryOperator<ServerSpec<TcpServer.State>> adjust) {
        // A checkpoint after every message: the tests read tcp's state from its latest checkpoint.
        rt = NewtRuntime.builder().seed(11).server(adjust.apply(TcpServer.spec(HOST, config)
            .withCheckpoints(CheckpointPolicy.EVERY_MESSAGE))).build();
        rt.start();
        pf = rt.client("a.pf");
        sock = rt.client("a.sock");
        other = rt.client("a.other");
    }

    TcpHarness() {
        this(TcpConfig.DEFAULTS);
    }

    /** Closes the runtime, after checking that tcp never failed its audit nor crashed unasked. */
    @Override
    public void close() {
        try {
            assertThat(rt.events().ofType(CorruptionDetected.class)).as("audit violations").isEmpty();
            assertThat(rt.events().ofType(ServerCrashed.class)).as("crashes")
                .allMatch(e -> String.valueOf(e).contains("crash requested by command"));
        } finally {
            rt.close();
        }
    }

    long now() {
        return rt.now();
    }

    void run(final Duration d) {
        rt.runFor(d);
    }

    void runMs(final long ms) {
        rt.runFor(Duration.ofMillis(ms));
    }

    /** Makes a stream call; returns at once. */
    CompletableFuture<Envelope> call(final Object request) {
        return sock.request(TCP, request);
    }

    /** Makes a stream call and runs until it is answered. */
    Object ask(final Object request) {
        return await(call(request));
    }

    /** Runs until the call is answered (at most 10 virtual seconds) and returns the answer. */
    Object await(final CompletableFuture<Envelope> f) {
        assertThat(rt.runUntil(f::isDone, Duration.ofSeconds(10))).as("answered").isTrue();
        return Await.result(f).payload();
    }

    SocketError error(final CompletableFuture<Envelope> f) {
        final Object o = await(f);
        assertThat(o).isInstanceOf(SocketError.class);
        return (SocketError) o;
    }

    Stats stats() {
        final CompletableFuture<Envelope> f = other.request(TCP, new StatsQuery());
        assertThat(rt.runUntil(f::isDone, Duration.ofSeconds(1))).isTrue();
        return (Stats) Await.result(f).payload();
    }

    TcpServer.State state() {
        return rt.checkpointedState(TCP, TcpServer.State.class);
    }

    Connection connection(final int id) {
        return state().connections.get(id);
    }

    /** Every segment tcp sent since the last call, decoded. */
    List<Sent> sent() {
        final List<Sent> out = new ArrayList<>();
        for (Envelope e = pf.poll(); e != null; e = pf.poll()) {
            final IpOutbound o = (IpOutbound) e.payload();
            assertThat(o.protocol()).isEqualTo(IpProtocol.TCP);
            assertThat(o.source()).isEqualTo(A);
            out.add(new Sent(TcpSegment.decode(o.payload(), o.source(), o.destination()).value(), e.sentAt()));
        }
        return out;
    }

    /** The one segment tcp sent since the last call. */
    Sent one() {
        final List<Sent> s = sent();
        assertThat(s).as("segments sent").hasSize(1);
        return s.get(0);
    }

    /** Runs in 1 ms steps (at most 100 s) until tcp sends a segment, and returns it. */
    Sent next() {
        for (int i = 0; i < 100_000; i++) {
            final List<Sent> s = sent();
            if (!s.isEmpty()) {
                assertThat(s).as("segments sent together").hasSize(1);
                return s.get(0);
            }
            runMs(1);
        }
        throw new AssertionError("tcp sent nothing for 100 s");
    }

    /** Delivers a segment from b, as pf would, and lets tcp handle it. */
    void deliver(final TcpSegment seg) {
        enqueue(seg);
        rt.runFor(Duration.ofNanos(10_000));
    }

    /** Puts a segment from b in tcp's mailbox without running anything. */
    void enqueue(final TcpSegment seg) {
        final byte[] packet = Ipv4Packet.of(B, A, IpProtocol.TCP, 1, 64, ByteBuffer.wrap(seg.encode(B, A))).encode();
        assertThat(pf.send(TCP, new IpInbound(B, A, IpProtocol.TCP, packet, Ipv4Packet.MIN_HEADER_LENGTH))).isTrue();
    }

    static TcpSegment seg(final int sport, final int dport, final int seq, final int ack, final int flags,
                          final int window, final byte[] data) {
        return TcpSegment.of(sport, dport, seq, ack, flags, window, data);
    }

    static TcpSegment syn(final int sport, final int dport, final int seq, final int ack, final int window,
                          final TcpSegment.Options options, final int flags) {
        return new TcpSegment(sport, dport, seq, ack, flags, window, 0, options, ByteBuffer.allocate(0));
    }

    /** A seeded byte pattern: byte {@code i} of stream {@code seed}. */
    static byte[] pattern(final long seed, final int from, final int n) {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            final long x = (from + i) * 0x9E3779B97F4A7C15L ^ seed;
            b[i] = (byte) (x ^ (x >>> 29) ^ (x >>> 43));
        }
        return b;
    }

    /** The far end of one connection, played by the test: it tracks its own sequence numbers. */
    final class Peer {
        final int port;
        final int localPort;
        int iss;
        int sndNxt;
        int rcvNxt;
        int window = 65535;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();

        Peer(final int port, final int localPort, final int iss) {
            this.port = port;
            this.localPort = localPort;
            this.iss = iss;
            this.sndNxt = iss + 1;
        }

        /** Sends data from the peer's next sequence number with its current ACK. */
        void send(final byte[] data) {
            deliver(seg(port, localPort, sndNxt, rcvNxt, TcpSegment.ACK | TcpSegment.PSH, window, data));
            sndNxt += data.length;
        }

        /** Sends data at an explicit sequence number (out of order, retransmitted). */
        void sendAt(final int seq, final byte[] data) {
            deliver(seg(port, localPort, seq, rcvNxt, TcpSegment.ACK, window, data));
        }

        void ack(final int ack) {
            rcvNxt = ack;
            deliver(seg(port, localPort, sndNxt, ack, TcpSegment.ACK, window, new byte[0]));
        }

        void ack(final int ack, final int win) {
            window = win;
            ack(ack);
        }

        void fin() {
            deliver(seg(port, localPort, sndNxt, rcvNxt, TcpSegment.FIN | TcpSegment.ACK, window, new byte[0]));
            sndNxt++;
        }

        /**
         * Takes in-order data (and a FIN) from segments tcp sent, as b's receiver would, without
         * acknowledging; data beyond a hole is ignored, as if lost.
         */
        void take(final List<Sent> segs) {
            for (Sent s : segs) {
                final int rel = rcvNxt - s.seq();
                if (rel >= 0 && rel < s.length()) {
                    final byte[] d = s.seg().payloadBytes();
                    received.write(d, rel, d.length - rel);
                    rcvNxt += d.length - rel;
                }
                if (s.seg().has(TcpSegment.FIN) && s.seq() + s.length() == rcvNxt) {
                    rcvNxt++;
                }
            }
        }

        /** Takes the data of the segments and acknowledges all of it. */
        void absorb(final List<Sent> segs) {
            take(segs);
            ack(rcvNxt);
        }

        void rst(final int seq) {
            deliver(seg(port, localPort, seq, 0, TcpSegment.RST, 0, new byte[0]));
        }
    }

    /**
     * Opens a connection from {@code a.sock} to b:80 and completes the handshake for b, without
     * window scaling on b's side so that windows are plain bytes.
     *
     * @param peerIss b's initial sequence number
     * @return the connection id and the peer
     */
    Open open(final int peerIss) {
        final CompletableFuture<Envelope> f = call(new StreamConnect(B, 80, 0));
        runMs(1);
        final Sent syn = one();
        final Peer peer = new Peer(80, syn.seg().sourcePort(), peerIss);
        peer.rcvNxt = syn.seq() + 1;
        deliver(syn(80, peer.localPort, peerIss, peer.rcvNxt, 65535, new TcpSegment.Options(1460, -1, false),
            TcpSegment.SYN | TcpSegment.ACK));
        final StreamConnected c = (StreamConnected) await(f);
        final Sent ack = one();
        assertThat(ack.flags()).isEqualTo("A");
        return new Open(c.connectionId(), peer, syn);
    }

    record Open(int id, Peer peer, Sent syn) {
    }
}
