package dev.newt.net.udp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import dev.newt.core.testing.Crashable;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.IcmpError;
import dev.newt.net.msg.IpInbound;
import dev.newt.net.msg.IpOutbound;
import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.msg.UdpClose;
import dev.newt.net.msg.UdpInput;
import dev.newt.net.msg.UdpOpen;
import dev.newt.net.msg.UdpOpened;
import dev.newt.net.msg.UdpOutput;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.UdpDatagram;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The udp of host {@code a} (10.0.0.1/24) with its neighbours impersonated: {@code a.pf} delivers
 * and receives datagrams, {@code a.ip} receives ICMP errors, {@code a.sock} opens ports.
 */
class UdpServerTest {
    static final HostConfig HOST = HostConfig.of("a", "10.0.0.1/24", "lan");
    static final Ipv4Address A = HOST.address();
    static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");

    private NewtRuntime rt;
    private NewtClient pf;
    private NewtClient ip;
    private NewtClient sock;
    private NewtClient other;

    @AfterEach
    void close() {
        if (rt != null) {
            rt.close();
        }
    }

    private void start(final ServerSpec<UdpServer.State> spec) {
        rt = NewtRuntime.builder().seed(5).server(spec).build();
        rt.start();
        pf = rt.client("a.pf");
        ip = rt.client("a.ip");
        sock = rt.client("a.sock");
        other = rt.client("a.other");
    }

    private void start() {
        start(UdpServer.spec(HOST));
    }

    private Object ask(final NewtClient c, final Object request) {
        final CompletableFuture<Envelope> f = c.request("a.udp", request);
        assertThat(rt.runUntil(f::isDone, Duration.ofSeconds(1))).isTrue();
        return Await.result(f).payload();
    }

    private int open(final NewtClient c, final int port) {
        return ((UdpOpened) ask(c, new UdpOpen(port))).port();
    }

    private Stats stats() {
        return (Stats) ask(other, new StatsQuery());
    }

    private static byte[] ipPacket(final Ipv4Address src, final Ipv4Address dst, final byte[] udp) {
        return Ipv4Packet.of(src, dst, IpProtocol.UDP, 77, 64, ByteBuffer.wrap(udp)).encode();
    }

    /** pf delivers {@code packet} (an IPv4 datagram with a 20-byte header). */
    private void deliver(final Ipv4Address src, final Ipv4Address dst, final byte[] packet) {
        assertThat(pf.send("a.udp", new IpInbound(src, dst, IpProtocol.UDP, packet, 20))).isTrue();
        rt.runFor(Duration.ofMillis(1));
    }

    private byte[] deliverDatagram(final Ipv4Address dst, final int dport, final String data) {
        final byte[] packet = ipPacket(B, dst, UdpDatagram.of(5000, dport, ascii(data)).encode(B, dst));
        deliver(B, dst, packet);
        return packet;
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static List<Object> drain(final NewtClient c) {
        final List<Object> got = new ArrayList<>();
        for (Envelope e = c.poll(); e != null; e = c.poll()) {
            got.add(e.payload());
        }
        return got;
    }

    @Test
    void datagramForAnOpenPortReachesItsOwnerWithThePayload() {
        start();
        assertThat(open(sock, 7)).isEqualTo(7);
        deliverDatagram(A, 7, "hello");
        final List<Object> got = drain(sock);
        assertThat(got).hasSize(1);
        final UdpInput in = (UdpInput) got.get(0);
        assertThat(in.source()).isEqualTo(B);
        assertThat(in.sourcePort()).isEqualTo(5000);
        assertThat(in.destination()).isEqualTo(A);
        assertThat(in.destinationPort()).isEqualTo(7);
        assertThat(new String(in.data(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(drain(ip)).isEmpty();
        assertThat(stats().get("datagrams.in")).isEqualTo(1);
    }

    @Test
    void closedPortIsAnsweredWithPortUnreachableQuotingThePacket() {
        start();
        final byte[] packet = deliverDatagram(A, 9, "nobody home");
        final List<Object> atIp = drain(ip);
        assertThat(atIp).hasSize(1);
        final IcmpError err = (IcmpError) atIp.get(0);
        assertThat(err.type()).isEqualTo(3);
        assertThat(err.code()).isEqualTo(3);
        assertThat(err.offendingPacket()).isEqualTo(packet);
        assertThat(drain(sock)).isEmpty();
        final Stats s = stats();
        assertThat(s.get("no-port")).isEqualTo(1);
        assertThat(s.get("icmp.port-unreachable")).isEqualTo(1);
    }

    @Test
    void linkPaddingAfterTheDatagramIsNotQuotedNorDelivered() {
        start();
        open(sock, 7);
        final byte[] packet = ipPacket(B, A, UdpDatagram.of(5000, 7, ascii("x")).encode(B, A));
        final byte[] padded = Arrays.copyOf(packet, packet.length + 10);
        deliver(B, A, padded);
        assertThat(((UdpInput) drain(sock).get(0)).data()).containsExactly('x');
        final byte[] toClosed = ipPacket(B, A, UdpDatagram.of(5000, 8, ascii("y")).encode(B, A));
        deliver(B, A, Arrays.copyOf(toClosed, toClosed.length + 10));
        assertThat(((IcmpError) drain(ip).get(0)).offendingPacket()).isEqualTo(toClosed);
    }

    @Test
    void broadcastToAClosedPortIsDroppedWithoutIcmp() {
        start();
        deliverDatagram(Ipv4Address.parse("10.0.0.255"), 9, "subnet broadcast");
        deliverDatagram(Ipv4Address.BROADCAST, 9, "limited broadcast");
        deliverDatagram(Ipv4Address.parse("224.0.0.9"), 9, "multicast");
        assertThat(drain(ip)).isEmpty();
        final Stats s = stats();
        assertThat(s.get("no-port")).isEqualTo(3);
        assertThat(s.get("icmp.port-unreachable")).isZero();
    }

    @Test
    void badChecksumBadLengthAndTruncationAreCountedPerReason() {
        start();
        open(sock, 7);
        final byte[] good = UdpDatagram.of(5000, 7, ascii("data")).encode(B, A);

        final byte[] badSum = good.clone();
        badSum[9] ^= 0x01; // flip a payload bit: the checksum no longer verifies
        deliver(B, A, ipPacket(B, A, badSum));

        final byte[] shortLength = good.clone();
        shortLength[5] = 7; // length field 7: below the header's 8
        deliver(B, A, ipPacket(B, A, shortLength));

        final byte[] longLength = good.clone();
        longLength[5] = 40; // length field beyond the 12 bytes given
        deliver(B, A, ipPacket(B, A, longLength));

        deliver(B, A, ipPacket(B, A, new byte[] {0x13, (byte) 0x88, 0, 7, 0}));

        assertThat(drain(sock)).isEmpty();
        assertThat(drain(ip)).isEmpty();
        final Stats s = stats();
        assertThat(s.get("drop.BAD_CHECKSUM")).isEqualTo(1);
        assertThat(s.get("drop.BAD_LENGTH")).isEqualTo(2);
        assertThat(s.get("drop.TRUNCATED")).isEqualTo(1);
        assertThat(s.get("datagrams.in")).isZero();
        assertThat(rt.status("a.udp").restarts()).isZero();
    }

    @Test
    void ephemeralPortsComeInOrderAfterTheLastOneGiven() {
        start();
        assertThat(open(sock, 0)).isEqualTo(49152);
        assertThat(open(sock, 0)).isEqualTo(49153);
        assertThat(open(other, 49154)).isEqualTo(49154);
        assertThat(open(sock, 0)).isEqualTo(49155);
        sock.send("a.udp", new UdpClose(49152));
        assertThat(open(sock, 0)).as("a closed port is not reused at once").isEqualTo(49156);
        assertThat(stats().get("ports")).isEqualTo(4);
    }

    @Test
    void ephemeralAllocationWrapsAroundTheRange() {
        // Start from a state whose search begins at the last port of the range, which is taken.
        start(ServerSpec.of("a.udp", UdpServer.State.class, () -> new UdpServer(HOST), () -> {
            final UdpServer.State st = new UdpServer.State();
            st.nextEphemeral = 65535;
            st.ports.put(65535, "a.sock");
            return st;
        }));
        assertThat(open(sock, 0)).isEqualTo(49152);
        assertThat(rt.checkpointedState("a.udp", UdpServer.State.class).nextEphemeral).isEqualTo(49153);
    }

    @Test
    void portOfAnotherEndpointIsAddressInUseButTheOwnerMayReopenIt() {
        start();
        assertThat(open(sock, 53)).isEqualTo(53);
        final Object refused = ask(other, new UdpOpen(53));
        assertThat(refused).isInstanceOf(SocketError.class);
        assertThat(((SocketError) refused).code()).isEqualTo("ADDRESS_IN_USE");
        assertThat(((SocketError) refused).message()).contains("53").contains("a.sock");
        assertThat(open(sock, 53)).as("idempotent for the owner").isEqualTo(53);
        assertThat(((SocketError) ask(other, new UdpOpen(70000))).code()).isEqualTo("INVALID_ARGUMENT");
        other.send("a.udp", new UdpClose(53));
        rt.runFor(Duration.ofMillis(1));
        final Stats s = stats();
        assertThat(s.get("close.not-owner")).isEqualTo(1);
        assertThat(s.get("open.refused")).isEqualTo(2);
        assertThat(s.get("ports")).isEqualTo(1);
    }

    @Test
    void outputIsEncodedWithAChecksumThatVerifies() {
        start();
        open(sock, 4000);
        sock.send("a.udp", new UdpOutput(4000, B, 7, ascii("ping!")));
        rt.runFor(Duration.ofMillis(1));
        final List<Object> atPf = drain(pf);
        assertThat(atPf).hasSize(1);
        final IpOutbound out = (IpOutbound) atPf.get(0);
        assertThat(out.source()).isEqualTo(A);
        assertThat(out.destination()).isEqualTo(B);
        assertThat(out.protocol()).isEqualTo(IpProtocol.UDP);
        assertThat(out.payload()).hasSize(8 + 5);
        assertThat(((out.payload()[6] & 0xFF) << 8) | (out.payload()[7] & 0xFF)).as("checksum sent").isNotZero();
        final UdpDatagram d = UdpDatagram.decode(out.payload(), A, B).value();
        assertThat(d.sourcePort()).isEqualTo(4000);
        assertThat(d.destinationPort()).isEqualTo(7);
        assertThat(d.payload()).isEqualTo(ByteBuffer.wrap(ascii("ping!")));
        assertThat(UdpDatagram.decode(out.payload(), A, Ipv4Address.parse("10.0.0.3")).isOk())
            .as("the checksum covers the destination address").isFalse();
    }

    @Test
    void outputTooLargeForOnePacketIsDroppedAndCounted() {
        start();
        open(sock, 4000);
        sock.send("a.udp", new UdpOutput(4000, B, 7, new byte[UdpServer.maxPayload(HOST) + 1]));
        sock.send("a.udp", new UdpOutput(4000, B, 7, new byte[UdpServer.maxPayload(HOST)]));
        rt.runFor(Duration.ofMillis(1));
        final List<Object> atPf = drain(pf);
        assertThat(atPf).hasSize(1);
        assertThat(((IpOutbound) atPf.get(0)).payload()).hasSize(1480);
        assertThat(stats().get("out.too-large")).isEqualTo(1);
    }

    @Test
    void outputFromAPortSomeoneElseOwnsIsRefused() {
        start();
        open(sock, 4000);
        other.send("a.udp", new UdpOutput(4000, B, 7, ascii("spoof")));
        other.send("a.udp", new UdpOutput(4001, B, 0, ascii("port 0")));
        rt.runFor(Duration.ofMillis(1));
        assertThat(drain(pf)).isEmpty();
        final Stats s = stats();
        assertThat(s.get("out.not-owner")).isEqualTo(1);
        assertThat(s.get("out.bad-port")).isEqualTo(1);
    }

    @Test
    void checkpointedUdpKeepsItsPortsOverACrash() {
        start(Crashable.wrap(UdpServer.spec(HOST).withRecovery(RecoveryPolicy.CHECKPOINT)));
        open(sock, 7);
        other.send("a.udp", Crashable.CRASH);
        assertThat(rt.runUntil(() -> !rt.events().ofType(ServerRestarted.class).isEmpty(), Duration.ofSeconds(1)))
            .isTrue();
        deliverDatagram(A, 7, "still open");
        assertThat(drain(sock)).hasSize(1);
        assertThat(drain(ip)).isEmpty();
    }
}
