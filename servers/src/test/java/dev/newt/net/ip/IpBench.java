package dev.newt.net.ip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.Frame;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.wire.ArpPacket;
import dev.newt.net.wire.EtherType;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.IcmpEcho;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.MacAddress;
import dev.newt.net.wire.UdpDatagram;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A host {@code a} with only its ip server running; the tests play its neighbours through clients
 * named {@code a.nic} (the wire side), {@code a.pf} (the transports' side), {@code a.udp} and a
 * pinger, and build the frames a peer would send.
 */
final class IpBench implements AutoCloseable {
    static final HostConfig HOST = HostConfig.of("a", "10.0.0.1/24", "wire");
    static final Ipv4Address US = HOST.address();
    static final MacAddress OUR_MAC = HOST.mac();
    static final Ipv4Address PEER = Ipv4Address.parse("10.0.0.2");
    static final MacAddress PEER_MAC = MacAddress.parse("02:aa:00:00:00:02");
    static final Ipv4Address GATEWAY = Ipv4Address.parse("10.0.0.254");
    static final MacAddress GATEWAY_MAC = MacAddress.parse("02:aa:00:00:00:fe");
    static final String IP = "a.ip";

    final NewtRuntime rt;
    final NewtClient nic;
    final NewtClient pf;
    final NewtClient udp;
    final NewtClient pinger;
    private final NewtClient probe;

    IpBench() {
        this(IpServer.spec(HOST));
    }

    IpBench(final HostConfig host, final IpConfig config) {
        this(IpServer.spec(host, config));
    }

    IpBench(final ServerSpec<IpServer.State> spec) {
        rt = NewtRuntime.builder().seed(7).server(spec).build();
        nic = rt.client("a.nic");
        pf = rt.client("a.pf");
        udp = rt.client("a.udp");
        pinger = rt.client("pinger");
        probe = rt.client("probe");
        rt.start();
        settle();
    }

    /** Lets the server handle everything sent so far; 1 ms of virtual time, far below any ARP timer. */
    void settle() {
        rt.runFor(Duration.ofMillis(1));
    }

    /** @param frame bytes the wire delivers to a's nic, which hands them to ip */
    void fromWire(final byte[] frame) {
        assertThat(nic.send(IP, new Frame(frame))).isTrue();
    }

    /** @return the frames ip sent to nic since the last call, oldest first */
    List<byte[]> framesToNic() {
        final List<byte[]> out = new ArrayList<>();
        for (Envelope e = nic.poll(); e != null; e = nic.poll()) {
            assertThat(e.payload()).isInstanceOf(Frame.class);
            out.add(((Frame) e.payload()).data());
        }
        return out;
    }

    /** @param client a client @return the payloads it received since the last call */
    static List<Object> received(final NewtClient client) {
        final List<Object> out = new ArrayList<>();
        for (Envelope e = client.poll(); e != null; e = client.poll()) {
            out.add(e.payload());
        }
        return out;
    }

    /** @return ip's counters, asked with a StatsQuery request */
    Stats stats() {
        final CompletableFuture<Envelope> f = probe.request(IP, new StatsQuery());
        rt.runUntil(f::isDone, Duration.ofMillis(10));
        assertThat(f).isDone();
        return (Stats) Await.result(f).payload();
    }

    /** @return the sum of every {@code drop.*} counter */
    long totalDrops() {
        return stats().counters().entrySet().stream().filter(e -> IpCounters.isDrop(e.getKey()))
            .mapToLong(e -> e.getValue()).sum();
    }

    /** Teaches ip the peer's hardware address the way a peer would: it ARPs for us; the reply is consumed. */
    void primeArp(final Ipv4Address ip, final MacAddress mac) {
        fromWire(arpRequestFrame(mac, ip, US));
        settle();
        assertThat(framesToNic()).hasSize(1);
    }

    @Override
    public void close() {
        rt.close();
    }

    // ---- frames a neighbour sends ----

    static byte[] arpRequestFrame(final MacAddress senderMac, final Ipv4Address senderIp, final Ipv4Address target) {
        return EthernetFrame.of(MacAddress.BROADCAST, senderMac, EtherType.ARP,
            ArpPacket.request(senderMac, senderIp, target).encode()).encode();
    }

    static byte[] arpReplyFrame(final MacAddress senderMac, final Ipv4Address senderIp) {
        return EthernetFrame.of(OUR_MAC, senderMac, EtherType.ARP, new ArpPacket(ArpPacket.Operation.REPLY,
            senderMac, senderIp, OUR_MAC, US).encode()).encode();
    }

    static byte[] ipv4Frame(final Ipv4Packet p) {
        return EthernetFrame.of(OUR_MAC, PEER_MAC, EtherType.IPV4, p.encode()).encode();
    }

    /** @return a frame with exactly these bytes after the header: no padding, as a link need not pad */
    static byte[] rawFrame(final MacAddress dst, final int etherType, final byte[] payload) {
        final ByteBuffer b = ByteBuffer.allocate(EthernetFrame.HEADER_LENGTH + payload.length);
        b.put(dst.toBytes()).put(PEER_MAC.toBytes()).putShort((short) etherType).put(payload);
        return b.array();
    }

    static Ipv4Packet udpPacket(final Ipv4Address dst, final int ttl, final byte[] data) {
        return Ipv4Packet.of(PEER, dst, IpProtocol.UDP, 4242, ttl,
            ByteBuffer.wrap(UdpDatagram.of(5353, 7, data).encode(PEER, dst)));
    }

    static Ipv4Packet echoRequestPacket(final int id, final int seq, final byte[] data) {
        return Ipv4Packet.of(PEER, US, IpProtocol.ICMP, 99, 64,
            ByteBuffer.wrap(IcmpEcho.request(id, seq, data).encode()));
    }

    static Ipv4Packet echoReplyPacket(final int id, final int seq, final byte[] data, final int ttl) {
        return Ipv4Packet.of(PEER, US, IpProtocol.ICMP, 100, ttl,
            ByteBuffer.wrap(new IcmpEcho(true, id, seq, ByteBuffer.wrap(data)).encode()));
    }

    /** @return a copy of the bytes from position to limit */
    static byte[] bytes(final ByteBuffer b) {
        final byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
