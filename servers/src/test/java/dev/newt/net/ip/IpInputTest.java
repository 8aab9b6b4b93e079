package dev.newt.net.ip;

import static dev.newt.net.ip.IpBench.IP;
import static dev.newt.net.ip.IpBench.OUR_MAC;
import static dev.newt.net.ip.IpBench.PEER;
import static dev.newt.net.ip.IpBench.PEER_MAC;
import static dev.newt.net.ip.IpBench.US;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.net.msg.Frame;
import dev.newt.net.msg.IpInbound;
import dev.newt.net.msg.Stats;
import dev.newt.net.wire.ArpPacket;
import dev.newt.net.wire.Checksum;
import dev.newt.net.wire.DropReason;
import dev.newt.net.wire.EtherType;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.MacAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** IPv4 input: what reaches pf, and every way a frame is dropped. */
class IpInputTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    private static byte[] validUdp() {
        return IpBench.udpPacket(US, 64, HELLO).encode();
    }

    /** Recomputes the header checksum after a test changed a header field. */
    private static byte[] fixChecksum(final byte[] d) {
        final int hl = (d[0] & 0xF) * 4;
        d[10] = 0;
        d[11] = 0;
        final int sum = Checksum.compute(d, 0, hl);
        d[10] = (byte) (sum >>> 8);
        d[11] = (byte) sum;
        return d;
    }

    private static byte[] ipFrame(final byte[] datagram) {
        return IpBench.rawFrame(OUR_MAC, EtherType.IPV4, datagram);
    }

    private static Ipv4Packet udpWith(final boolean mf, final int offset, final int ttl, final Ipv4Address dst,
                                      final int protocol) {
        final Ipv4Packet p = IpBench.udpPacket(dst, ttl, HELLO);
        return new Ipv4Packet(0, 0, 1, false, mf, offset, ttl, protocol, PEER, dst, ByteBuffer.allocate(0),
            p.payload());
    }

    private static byte[] icmpFrame(final byte[] message) {
        return IpBench.ipv4Frame(Ipv4Packet.of(PEER, US, IpProtocol.ICMP, 5, 64, ByteBuffer.wrap(message)));
    }

    private static byte[] icmpWithType(final int type) {
        final byte[] m = new byte[12];
        m[0] = (byte) type;
        final int sum = Checksum.compute(m, 0, m.length);
        m[2] = (byte) (sum >>> 8);
        m[3] = (byte) sum;
        return m;
    }

    private static byte[] arpWith(final int index, final int value) {
        final byte[] a = ArpPacket.request(PEER_MAC, PEER, US).encode();
        a[index] = 0;
        a[index + 1] = (byte) value;
        return EthernetFrame.of(MacAddress.BROADCAST, PEER_MAC, EtherType.ARP, a).encode();
    }

    private static Arguments bad(final String name, final Supplier<byte[]> frame, final DropReason reason) {
        return Arguments.of(name, frame, reason);
    }

    static Stream<Arguments> badFrames() {
        return Stream.of(
            bad("Ethernet header cut short", () -> new byte[10], DropReason.TRUNCATED),
            bad("802.3 length in the type field", () -> IpBench.rawFrame(OUR_MAC, 0x0100, validUdp()),
                DropReason.UNKNOWN_ETHERTYPE),
            bad("IPv6 EtherType", () -> IpBench.rawFrame(OUR_MAC, 0x86DD, validUdp()), DropReason.UNKNOWN_ETHERTYPE),
            bad("unicast to another hardware address",
                () -> IpBench.rawFrame(MacAddress.parse("02:cc:00:00:00:01"), EtherType.IPV4, validUdp()),
                DropReason.NOT_FOR_US),
            bad("IPv4 header cut short", () -> {
                final byte[] d = validUdp();
                return ipFrame(java.util.Arrays.copyOf(d, 12));
            }, DropReason.TRUNCATED),
            bad("bad header checksum", () -> {
                final byte[] d = validUdp();
                d[11] ^= 0x01;
                return ipFrame(d);
            }, DropReason.BAD_CHECKSUM),
            bad("IHL 4", () -> {
                final byte[] d = validUdp();
                d[0] = 0x44;
                return ipFrame(fixChecksum(d));
            }, DropReason.BAD_HEADER_LENGTH),
            bad("IHL beyond the bytes", () -> {
                final byte[] d = java.util.Arrays.copyOf(validUdp(), 24);
                d[0] = 0x4F;
                return ipFrame(d);
            }, DropReason.TRUNCATED),
            bad("version 6", () -> {
                final byte[] d = validUdp();
                d[0] = 0x65;
                return ipFrame(fixChecksum(d));
            }, DropReason.BAD_VERSION),
            bad("total length beyond the frame", () -> {
                final byte[] d = validUdp();
                d[3] = (byte) (d.length + 10);
                return ipFrame(fixChecksum(d));
            }, DropReason.BAD_TOTAL_LENGTH),
            bad("total length shorter than the header", () -> {
                final byte[] d = validUdp();
                d[3] = 12;
                return ipFrame(fixChecksum(d));
            }, DropReason.BAD_TOTAL_LENGTH),
            bad("datagram for another host", () -> IpBench.ipv4Frame(
                IpBench.udpPacket(Ipv4Address.parse("10.0.0.99"), 64, HELLO)), DropReason.NOT_FOR_US),
            bad("datagram for another subnet's broadcast", () -> IpBench.ipv4Frame(
                IpBench.udpPacket(Ipv4Address.parse("10.0.1.255"), 64, HELLO)), DropReason.NOT_FOR_US),
            bad("first fragment (MF)", () -> IpBench.ipv4Frame(udpWith(true, 0, 64, US, IpProtocol.UDP)),
                DropReason.FRAGMENTED),
            bad("last fragment (offset)", () -> IpBench.ipv4Frame(udpWith(false, 185, 64, US, IpProtocol.UDP)),
                DropReason.FRAGMENTED),
            bad("TTL 0", () -> IpBench.ipv4Frame(udpWith(false, 0, 0, US, IpProtocol.UDP)), DropReason.TTL_EXPIRED),
            bad("unknown protocol", () -> IpBench.ipv4Frame(udpWith(false, 0, 64, US, 99)),
                DropReason.UNKNOWN_PROTOCOL),
            bad("ICMP cut short", () -> icmpFrame(new byte[] {8, 0, 0, 0}), DropReason.TRUNCATED),
            bad("ICMP bad checksum", () -> {
                final byte[] m = icmpWithType(8);
                m[3] ^= 0x10;
                return icmpFrame(m);
            }, DropReason.BAD_CHECKSUM),
            bad("ICMP timestamp request", () -> icmpFrame(icmpWithType(13)), DropReason.UNKNOWN_ICMP_TYPE),
            bad("echo reply nobody asked for", () -> IpBench.ipv4Frame(
                IpBench.echoReplyPacket(4711, 1, HELLO, 64)), DropReason.NOT_FOR_US),
            bad("ARP cut short", () -> IpBench.rawFrame(MacAddress.BROADCAST, EtherType.ARP, new byte[20]),
                DropReason.TRUNCATED),
            bad("ARP over token ring", () -> arpWith(0, 6), DropReason.UNSUPPORTED_ADDRESS_TYPE),
            bad("ARP operation 3", () -> arpWith(6, 3), DropReason.UNKNOWN_OPERATION));
    }

    @ParameterizedTest(name = "{0} is dropped as {2}")
    @MethodSource("badFrames")
    void badFrameIsDroppedAndCountedUnderItsReason(final String name, final Supplier<byte[]> frame,
                                                   final DropReason reason) {
        try (IpBench b = new IpBench()) {
            b.primeArp(PEER, PEER_MAC);
            b.fromWire(frame.get());
            b.settle();
            final Stats st = b.stats();
            assertThat(st.get(IpCounters.drop(reason))).as(name).isEqualTo(1);
            assertThat(b.totalDrops()).as("all drops").isEqualTo(1);
            assertThat(st.get(IpCounters.PACKETS_DELIVERED)).isZero();
            assertThat(IpBench.received(b.pf)).isEmpty();
            // Only an unknown protocol is answered (with an ICMP protocol unreachable).
            assertThat(b.framesToNic()).hasSize(reason == DropReason.UNKNOWN_PROTOCOL ? 1 : 0);
            assertThat(b.rt.status(IP).restarts()).isZero();
            assertThat(st.get(IpCounters.FRAMES_IN)).isEqualTo(2);
        }
    }

    @Test
    void frameWithoutDataIsDroppedAsTruncated() {
        try (IpBench b = new IpBench()) {
            b.nic.send(IP, new Frame((byte[]) null));
            b.settle();
            assertThat(b.stats().get(IpCounters.drop(DropReason.TRUNCATED))).isEqualTo(1);
            assertThat(b.rt.status(IP).restarts()).isZero();
        }
    }

    @Test
    void validUdpDatagramReachesPfWithoutEthernetPadding() {
        try (IpBench b = new IpBench()) {
            final Ipv4Packet sent = IpBench.udpPacket(US, 64, HELLO);
            final byte[] frame = IpBench.ipv4Frame(sent);
            assertThat(frame).hasSize(60); // 14 + 33, padded by 13 bytes
            b.fromWire(frame);
            b.settle();
            final List<Object> up = IpBench.received(b.pf);
            assertThat(up).hasSize(1);
            final IpInbound in = (IpInbound) up.get(0);
            assertThat(in.source()).isEqualTo(PEER);
            assertThat(in.destination()).isEqualTo(US);
            assertThat(in.protocol()).isEqualTo(IpProtocol.UDP);
            assertThat(in.headerLength()).isEqualTo(20);
            assertThat(in.packet()).containsExactly(sent.encode());
            final Stats st = b.stats();
            assertThat(st.get(IpCounters.PACKETS_IN)).isEqualTo(1);
            assertThat(st.get(IpCounters.PACKETS_DELIVERED)).isEqualTo(1);
            assertThat(b.totalDrops()).isZero();
            assertThat(b.framesToNic()).isEmpty();
        }
    }

    @Test
    void datagramWithOptionsIsDeliveredWithItsLongerHeader() {
        try (IpBench b = new IpBench()) {
            final Ipv4Packet plain = IpBench.udpPacket(US, 64, HELLO);
            final Ipv4Packet sent = new Ipv4Packet(0, 0, 9, true, false, 0, 30, IpProtocol.UDP, PEER, US,
                ByteBuffer.wrap(new byte[] {1, 1, 1, 0}), plain.payload()); // NOP, NOP, NOP, end of options
            b.fromWire(IpBench.ipv4Frame(sent));
            b.settle();
            final IpInbound in = (IpInbound) IpBench.received(b.pf).get(0);
            assertThat(in.headerLength()).isEqualTo(24);
            assertThat(in.packet()).containsExactly(sent.encode());
        }
    }

    @Test
    void broadcastsAndTcpAreDeliveredToo() {
        try (IpBench b = new IpBench()) {
            b.fromWire(EthernetFrame.of(MacAddress.BROADCAST, PEER_MAC, EtherType.IPV4,
                IpBench.udpPacket(Ipv4Address.parse("10.0.0.255"), 64, HELLO).encode()).encode());
            b.fromWire(EthernetFrame.of(MacAddress.BROADCAST, PEER_MAC, EtherType.IPV4,
                IpBench.udpPacket(Ipv4Address.BROADCAST, 64, HELLO).encode()).encode());
            b.fromWire(IpBench.ipv4Frame(udpWith(false, 0, 1, US, IpProtocol.TCP)));
            b.settle();
            final List<Object> up = IpBench.received(b.pf);
            assertThat(up).extracting(m -> ((IpInbound) m).destination())
                .containsExactly(Ipv4Address.parse("10.0.0.255"), Ipv4Address.BROADCAST, US);
            assertThat(up).extracting(m -> ((IpInbound) m).protocol())
                .containsExactly(IpProtocol.UDP, IpProtocol.UDP, IpProtocol.TCP);
        }
    }

    @Test
    void protocolsOutsideTheConfiguredSetAreUnknown() {
        final IpConfig udpOnly = IpConfig.DEFAULT.withTransportProtocols(Set.of(IpProtocol.UDP));
        try (IpBench b = new IpBench(IpBench.HOST, udpOnly)) {
            b.fromWire(IpBench.ipv4Frame(udpWith(false, 0, 64, US, IpProtocol.TCP)));
            b.fromWire(IpBench.ipv4Frame(IpBench.udpPacket(US, 64, HELLO)));
            b.settle();
            assertThat(IpBench.received(b.pf)).hasSize(1);
            assertThat(b.stats().get(IpCounters.drop(DropReason.UNKNOWN_PROTOCOL))).isEqualTo(1);
        }
    }

    @Test
    void unexpectedMessagesAreCountedNotFatal() {
        try (IpBench b = new IpBench()) {
            b.pf.send(IP, "not a message of the ABI");
            b.settle();
            assertThat(b.stats().get(IpCounters.UNEXPECTED)).isEqualTo(1);
            assertThat(b.rt.status(IP).restarts()).isZero();
        }
    }
}
