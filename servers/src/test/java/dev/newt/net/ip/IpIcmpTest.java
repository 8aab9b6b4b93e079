package dev.newt.net.ip;

import static dev.newt.net.ip.IpBench.IP;
import static dev.newt.net.ip.IpBench.OUR_MAC;
import static dev.newt.net.ip.IpBench.PEER;
import static dev.newt.net.ip.IpBench.PEER_MAC;
import static dev.newt.net.ip.IpBench.US;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.runtime.NewtClient;
import dev.newt.net.msg.IcmpError;
import dev.newt.net.msg.PingReply;
import dev.newt.net.msg.PingRequest;
import dev.newt.net.msg.Stats;
import dev.newt.net.wire.ArpPacket;
import dev.newt.net.wire.Checksum;
import dev.newt.net.wire.DropReason;
import dev.newt.net.wire.EtherType;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.IcmpDestinationUnreachable;
import dev.newt.net.wire.IcmpEcho;
import dev.newt.net.wire.IcmpMessage;
import dev.newt.net.wire.IcmpTimeExceeded;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.MacAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ICMP: echo both ways, protocol and port unreachable, and the errors that must not be sent. */
class IpIcmpTest {

    private static byte[] pattern(final int n) {
        final byte[] d = new byte[n];
        for (int i = 0; i < n; i++) {
            d[i] = (byte) (i * 7 + 1);
        }
        return d;
    }

    /** Decodes a frame ip sent to PEER: checks both checksums and the IP header ip must have written. */
    private static IcmpMessage icmpToPeer(final byte[] frame) {
        final EthernetFrame eth = EthernetFrame.decode(frame).value();
        assertThat(eth.destination()).isEqualTo(PEER_MAC);
        assertThat(eth.source()).isEqualTo(OUR_MAC);
        assertThat(eth.etherType()).isEqualTo(EtherType.IPV4);
        final byte[] datagram = IpBench.bytes(eth.payload());
        assertThat(Checksum.verify(datagram, 0, 20)).as("IPv4 header checksum").isTrue();
        final Ipv4Packet p = Ipv4Packet.decode(datagram).value();
        assertThat(p.source()).isEqualTo(US);
        assertThat(p.destination()).isEqualTo(PEER);
        assertThat(p.protocol()).isEqualTo(IpProtocol.ICMP);
        assertThat(p.ttl()).isEqualTo(64);
        final byte[] icmp = IpBench.bytes(p.payload());
        assertThat(Checksum.verify(icmp, 0, icmp.length)).as("ICMP checksum").isTrue();
        return IcmpMessage.decode(icmp).value();
    }

    @Test
    void echoRequestIsAnsweredWithSameIdentifierSequenceAndData() {
        try (IpBench b = new IpBench()) {
            b.primeArp(PEER, PEER_MAC);
            final byte[] data = pattern(56);
            b.fromWire(IpBench.ipv4Frame(IpBench.echoRequestPacket(0x1234, 7, data)));
            b.settle();
            final List<byte[]> out = b.framesToNic();
            assertThat(out).hasSize(1);
            final IcmpEcho reply = (IcmpEcho) icmpToPeer(out.get(0));
            assertThat(reply.reply()).isTrue();
            assertThat(reply.code()).isZero();
            assertThat(reply.identifier()).isEqualTo(0x1234);
            assertThat(reply.sequence()).isEqualTo(7);
            assertThat(IpBench.bytes(reply.data())).containsExactly(data);
            final Stats st = b.stats();
            assertThat(st.get(IpCounters.ECHO_REQUESTS_IN)).isEqualTo(1);
            assertThat(st.get(IpCounters.ECHO_REPLIES_OUT)).isEqualTo(1);
        }
    }

    @Test
    void echoRequestFromUnknownNeighbourIsAnsweredOnceItsAddressResolves() {
        try (IpBench b = new IpBench()) {
            b.fromWire(IpBench.ipv4Frame(IpBench.echoRequestPacket(1, 1, pattern(8))));
            b.settle();
            List<byte[]> out = b.framesToNic();
            assertThat(out).hasSize(1);
            final ArpPacket req = ArpPacket.decode(EthernetFrame.decode(out.get(0)).value().payload()).value();
            assertThat(req.operation()).isEqualTo(ArpPacket.Operation.REQUEST);
            assertThat(req.targetIp()).isEqualTo(PEER);
            b.fromWire(IpBench.arpReplyFrame(PEER_MAC, PEER));
            b.settle();
            out = b.framesToNic();
            assertThat(out).hasSize(1);
            assertThat(((IcmpEcho) icmpToPeer(out.get(0))).reply()).isTrue();
        }
    }

    @Test
    void echoRequestToBroadcastIsNotAnswered() {
        try (IpBench b = new IpBench()) {
            b.primeArp(PEER, PEER_MAC);
            b.fromWire(EthernetFrame.of(MacAddress.BROADCAST, PEER_MAC, EtherType.IPV4,
                Ipv4Packet.of(PEER, Ipv4Address.parse("10.0.0.255"), IpProtocol.ICMP, 1, 64,
                    ByteBuffer.wrap(IcmpEcho.request(1, 1, pattern(8)).encode())).encode()).encode());
            b.settle();
            assertThat(b.framesToNic()).isEmpty();
            assertThat(b.stats().get(IpCounters.ECHO_IGNORED)).isEqualTo(1);
            assertThat(b.totalDrops()).isZero();
        }
    }

    @Test
    void pingRequestSendsEchoRequestAndTheReplyGoesBackToThePinger() {
        try (IpBench b = new IpBench()) {
            b.primeArp(PEER, PEER_MAC);
            final byte[] data = pattern(32);
            b.pinger.send(IP, new PingRequest(PEER, 77, 3, data));
            b.settle();
            final List<byte[]> out = b.framesToNic();
            assertThat(out).hasSize(1);
            final IcmpEcho request = (IcmpEcho) icmpToPeer(out.get(0));
            assertThat(request.reply()).isFalse();
            assertThat(request.identifier()).isEqualTo(77);
            assertThat(request.sequence()).isEqualTo(3);
            assertThat(IpBench.bytes(request.data())).containsExactly(data);

            b.fromWire(IpBench.ipv4Frame(IpBench.echoReplyPacket(77, 3, data, 61)));
            b.settle();
            final List<Object> got = IpBench.received(b.pinger);
            assertThat(got).hasSize(1);
            final PingReply reply = (PingReply) got.get(0);
            assertThat(reply.source()).isEqualTo(PEER);
            assertThat(reply.identifier()).isEqualTo(77);
            assertThat(reply.sequence()).isEqualTo(3);
            assertThat(reply.data()).containsExactly(data);
            assertThat(reply.ttl()).isEqualTo(61);
            final Stats st = b.stats();
            assertThat(st.get(IpCounters.ECHO_REQUESTS_OUT)).isEqualTo(1);
            assertThat(st.get(IpCounters.ECHO_REPLIES_IN)).isEqualTo(1);
        }
    }

    @Test
    void repliesAreRoutedToTheirPingerByIdentifier() {
        try (IpBench b = new IpBench()) {
            final NewtClient other = b.rt.client("other-pinger");
            b.primeArp(PEER, PEER_MAC);
            b.pinger.send(IP, new PingRequest(PEER, 1, 0, new byte[0]));
            other.send(IP, new PingRequest(PEER, 2, 0, new byte[0]));
            b.settle();
            b.framesToNic();
            b.fromWire(IpBench.ipv4Frame(IpBench.echoReplyPacket(2, 0, new byte[0], 64)));
            b.fromWire(IpBench.ipv4Frame(IpBench.echoReplyPacket(1, 0, new byte[0], 64)));
            b.settle();
            assertThat(IpBench.received(b.pinger)).extracting(m -> ((PingReply) m).identifier()).containsExactly(1);
            assertThat(IpBench.received(other)).extracting(m -> ((PingReply) m).identifier()).containsExactly(2);
        }
    }

    @Test
    void badPingRequestsAreRejected() {
        try (IpBench b = new IpBench()) {
            b.pinger.send(IP, new PingRequest(PEER, 70_000, 0, new byte[0]));
            b.pinger.send(IP, new PingRequest(null, 1, 0, new byte[0]));
            b.pinger.send(IP, new PingRequest(PEER, 1, -1, new byte[0]));
            b.settle();
            assertThat(b.framesToNic()).isEmpty();
            assertThat(b.stats().get(IpCounters.PING_REJECTED)).isEqualTo(3);
        }
    }

    @Test
    void unknownProtocolIsAnsweredWithProtocolUnreachableQuotingHeaderAndEightBytes() {
        try (IpBench b = new IpBench()) {
            b.primeArp(PEER, PEER_MAC);
            final byte[] offending = Ipv4Packet.of(PEER, US, 99, 321, 64, ByteBuffer.wrap(pattern(40))).encode();
            b.fromWire(IpBench.ipv4Frame(Ipv4Packet.decode(offending).value()));
            b.settle();
            final List<byte[]> out = b.framesToNic();
            assertThat(out).hasSize(1);
            final IcmpDestinationUnreachable u = (IcmpDestinationUnreachable) icmpToPeer(out.get(0));
            assertThat(u.code()).isEqualTo(IcmpDestinationUnreachable.PROTOCOL_UNREACHABLE);
            assertThat(IpBench.bytes(u.original())).containsExactly(Arrays.copyOf(offending, 28));
            final Stats st = b.stats();
            assertThat(st.get(IpCounters.drop(DropReason.UNKNOWN_PROTOCOL))).isEqualTo(1);
            assertThat(st.get(IpCounters.icmpErrorsOut(3))).isEqualTo(1);
        }
    }

    @Test
    void protocolUnreachableForShortDatagramQuotesNoEthernetPadding() {
        try (IpBench b = new IpBench()) {
            b.primeArp(PEER, PEER_MAC);
            final byte[] offending = Ipv4Packet.of(PEER, US, 99, 1, 64, ByteBuffer.wrap(new byte[] {5, 6})).encode();
            b.fromWire(IpBench.ipv4Frame(Ipv4Packet.decode(offending).value())); // padded to 60
            b.settle();
            final IcmpDestinationUnreachable u = (IcmpDestinationUnreachable) icmpToPeer(b.framesToNic().get(0));
            assertThat(IpBench.bytes(u.original())).containsExactly(offending);
        }
    }

    @Test
    void noErrorIsSentAboutABroadcastDatagram() {
        try (IpBench b = new IpBench()) {
            b.primeArp(PEER, PEER_MAC);
            b.fromWire(EthernetFrame.of(MacAddress.BROADCAST, PEER_MAC, EtherType.IPV4, Ipv4Packet.of(PEER,
                Ipv4Address.BROADCAST, 99, 1, 64, ByteBuffer.wrap(pattern(8))).encode()).encode());
            b.settle();
            assertThat(b.framesToNic()).isEmpty();
            final Stats st = b.stats();
            assertThat(st.get(IpCounters.drop(DropReason.UNKNOWN_PROTOCOL))).isEqualTo(1);
            assertThat(st.get(IpCounters.ICMP_ERRORS_SUPPRESSED)).isEqualTo(1);
        }
    }

    @Test
    void icmpErrorFromUdpBecomesPortUnreachableQuotingTheOriginalHeader() {
        try (IpBench b = new IpBench()) {
            b.primeArp(PEER, PEER_MAC);
            final byte[] offending = IpBench.udpPacket(US, 64, pattern(50)).encode();
            b.udp.send(IP, new IcmpError(3, 3, offending));
            b.settle();
            final List<byte[]> out = b.framesToNic();
            assertThat(out).hasSize(1);
            final IcmpDestinationUnreachable u = (IcmpDestinationUnreachable) icmpToPeer(out.get(0));
            assertThat(u.code()).isEqualTo(IcmpDestinationUnreachable.PORT_UNREACHABLE);
            final byte[] quoted = IpBench.bytes(u.original());
            assertThat(quoted).containsExactly(Arrays.copyOf(offending, 28));
            // The quote names the socket: the UDP ports follow the 20-byte header.
            final ByteBuffer q = ByteBuffer.wrap(quoted);
            assertThat(q.getShort(20) & 0xFFFF).isEqualTo(5353);
            assertThat(q.getShort(22) & 0xFFFF).isEqualTo(7);
            assertThat(b.stats().get(IpCounters.icmpErrorsOut(3))).isEqualTo(1);
        }
    }

    @Test
    void timeExceededCanBeAskedForToo() {
        try (IpBench b = new IpBench()) {
            b.primeArp(PEER, PEER_MAC);
            final byte[] offending = IpBench.udpPacket(US, 64, pattern(4)).encode(); // 20 + 8 + 4 bytes
            b.udp.send(IP, new IcmpError(11, 1, offending));
            b.settle();
            final IcmpTimeExceeded t = (IcmpTimeExceeded) icmpToPeer(b.framesToNic().get(0));
            assertThat(t.code()).isEqualTo(1);
            assertThat(IpBench.bytes(t.original())).containsExactly(Arrays.copyOf(offending, 28));
            assertThat(b.stats().get(IpCounters.icmpErrorsOut(11))).isEqualTo(1);
        }
    }

    @Test
    void icmpErrorRequestsThatMakeNoSenseAreRejectedOrSuppressed() {
        try (IpBench b = new IpBench()) {
            b.primeArp(PEER, PEER_MAC);
            final byte[] good = IpBench.udpPacket(US, 64, pattern(4)).encode();
            b.udp.send(IP, new IcmpError(3, 3, new byte[5]));          // not a datagram
            b.udp.send(IP, new IcmpError(5, 0, good));                  // a redirect is not ours to send
            b.udp.send(IP, new IcmpError(3, 3, null));
            b.udp.send(IP, new IcmpError(3, 3,                          // not one we delivered
                IpBench.udpPacket(Ipv4Address.parse("10.0.0.50"), 64, pattern(4)).encode()));
            b.udp.send(IP, new IcmpError(3, 3,                          // about a broadcast
                IpBench.udpPacket(Ipv4Address.BROADCAST, 64, pattern(4)).encode()));
            b.settle();
            assertThat(b.framesToNic()).isEmpty();
            final Stats st = b.stats();
            assertThat(st.get(IpCounters.ICMP_ERRORS_REJECTED)).isEqualTo(4);
            assertThat(st.get(IpCounters.ICMP_ERRORS_SUPPRESSED)).isEqualTo(1);
            assertThat(b.rt.status(IP).restarts()).isZero();
        }
    }

    @Test
    void noErrorIsSentAboutAnIcmpError() {
        try (IpBench b = new IpBench()) {
            b.primeArp(PEER, PEER_MAC);
            final byte[] unreachable = Ipv4Packet.of(PEER, US, IpProtocol.ICMP, 1, 64, ByteBuffer.wrap(
                IcmpDestinationUnreachable.portUnreachable(ByteBuffer.wrap(
                    IpBench.udpPacket(PEER, 64, pattern(8)).encode())).encode())).encode();
            b.udp.send(IP, new IcmpError(3, 3, unreachable));
            b.settle();
            assertThat(b.framesToNic()).isEmpty();
            assertThat(b.stats().get(IpCounters.ICMP_ERRORS_SUPPRESSED)).isEqualTo(1);
        }
    }

    @Test
    void receivedErrorsAreCountedPerType() {
        try (IpBench b = new IpBench()) {
            final ByteBuffer ours = ByteBuffer.wrap(Ipv4Packet.of(US, PEER, IpProtocol.UDP, 1, 64,
                ByteBuffer.wrap(pattern(8))).encode());
            b.fromWire(IpBench.ipv4Frame(Ipv4Packet.of(PEER, US, IpProtocol.ICMP, 1, 64,
                ByteBuffer.wrap(IcmpDestinationUnreachable.portUnreachable(ours).encode()))));
            b.fromWire(IpBench.ipv4Frame(Ipv4Packet.of(PEER, US, IpProtocol.ICMP, 2, 64,
                ByteBuffer.wrap(IcmpTimeExceeded.of(0, ours).encode()))));
            b.fromWire(IpBench.ipv4Frame(Ipv4Packet.of(PEER, US, IpProtocol.ICMP, 3, 64,
                ByteBuffer.wrap(IcmpTimeExceeded.of(0, ours).encode()))));
            b.settle();
            final Stats st = b.stats();
            assertThat(st.get(IpCounters.icmpErrorsIn(3))).isEqualTo(1);
            assertThat(st.get(IpCounters.icmpErrorsIn(11))).isEqualTo(2);
            assertThat(b.totalDrops()).isZero();
            assertThat(b.framesToNic()).isEmpty();
        }
    }
}
