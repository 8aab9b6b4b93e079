package dev.newt.bench.tcp;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.IpInbound;
import dev.newt.net.msg.IpOutbound;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.msg.StreamConnected;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.TcpSegment;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One in-order data segment through host a's tcp, on the simulated executor with the benchmark
 * playing pf and sock: the segment arrives (as {@link IpInbound}), tcp takes its data into the
 * receive buffer and acknowledges it, and a receive call takes the data out again. Nanoseconds per
 * segment, with tcp checkpointing as by default (every 64 messages) or not at all, so the price of
 * the checkpoints shows beside the protocol's own work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TcpSegmentBenchmark {
    private static final HostConfig HOST = HostConfig.of("a", "10.0.0.1/24", "lan");
    private static final Ipv4Address A = HOST.address();
    private static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");
    private static final String TCP = "a.tcp";
    private static final Duration STEP = Duration.ofNanos(10_000);

    /** Payload bytes per segment. */
    @Param({"1460", "8960"})
    public int payload;

    /**
     * {@code default}: tcp's own spec (checkpoint+replay, a checkpoint every 64 messages);
     * {@code none}: no checkpoint but the start one, and fresh recovery.
     */
    @Param({"default", "none"})
    public String checkpoints;

    private NewtRuntime rt;
    private NewtClient pf;
    private NewtClient sock;
    private int connection;
    private int peerSeq;
    private int localPort;
    private int peerAck;
    private byte[] data;

    @Setup(Level.Trial)
    public void setUp() {
        final var spec = dev.newt.net.tcp.TcpServer.spec(HOST.withMtu(9000));
        rt = NewtRuntime.builder().seed(1).simulated()
            // Without checkpoints there is nothing to replay from: no replay log either (it would grow).
            .server("none".equals(checkpoints)
                ? spec.withCheckpoints(CheckpointPolicy.ON_REQUEST).withRecovery(RecoveryPolicy.FRESH) : spec)
            .build();
        rt.start();
        pf = rt.client("a.pf");
        sock = rt.client("a.sock");
        data = new byte[payload];
        final CompletableFuture<Envelope> f = sock.request(TCP, new StreamConnect(B, 80, 0));
        rt.runFor(Duration.ofMillis(1));
        final TcpSegment syn = sent();
        localPort = syn.sourcePort();
        peerSeq = 5000;
        peerAck = syn.sequenceNumber() + 1;
        deliver(new TcpSegment(80, localPort, peerSeq, peerAck, TcpSegment.SYN | TcpSegment.ACK, 65535, 0,
            new TcpSegment.Options(8960, -1, false), ByteBuffer.allocate(0)));
        peerSeq++;
        rt.runUntil(f::isDone, Duration.ofSeconds(1));
        connection = ((StreamConnected) f.join().payload()).connectionId();
        drain(pf);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        rt.close();
    }

    private void deliver(final TcpSegment seg) {
        final byte[] packet = Ipv4Packet.of(B, A, IpProtocol.TCP, 1, 64, ByteBuffer.wrap(seg.encode(B, A))).encode();
        if (!pf.send(TCP, new IpInbound(B, A, IpProtocol.TCP, packet, Ipv4Packet.MIN_HEADER_LENGTH))) {
            throw new IllegalStateException("tcp's mailbox is full");
        }
    }

    private TcpSegment sent() {
        final Envelope e = pf.poll();
        if (e == null) {
            throw new IllegalStateException("tcp sent nothing");
        }
        final IpOutbound o = (IpOutbound) e.payload();
        return TcpSegment.decode(o.payload(), o.source(), o.destination()).value();
    }

    private static int drain(final NewtClient c) {
        int n = 0;
        while (c.poll() != null) {
            n++;
        }
        return n;
    }

    /** @return bytes the receive call got: the segment's data */
    @Benchmark
    public int segmentIn() {
        deliver(TcpSegment.of(80, localPort, peerSeq, peerAck, TcpSegment.ACK | TcpSegment.PSH, 65535, data));
        peerSeq += data.length;
        final CompletableFuture<Envelope> r = sock.request(TCP, new StreamReceive(connection, payload));
        rt.runFor(STEP);
        if (!r.isDone()) {
            throw new IllegalStateException("the receive was not answered");
        }
        drain(pf);
        return ((StreamData) r.join().payload()).data().length;
    }
}
