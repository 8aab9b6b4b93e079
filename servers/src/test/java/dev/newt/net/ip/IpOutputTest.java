package dev.newt.net.ip;

import static dev.newt.net.ip.IpBench.GATEWAY;
import static dev.newt.net.ip.IpBench.GATEWAY_MAC;
import static dev.newt.net.ip.IpBench.IP;
import static dev.newt.net.ip.IpBench.OUR_MAC;
import static dev.newt.net.ip.IpBench.PEER;
import static dev.newt.net.ip.IpBench.PEER_MAC;
import static dev.newt.net.ip.IpBench.US;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.net.msg.IpOutbound;
import dev.newt.net.msg.Stats;
import dev.newt.net.wire.EtherType;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.MacAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IPv4 output: next hop, broadcasts, source checks, MTU. */
class IpOutputTest {
    private static final Ipv4Address FAR = Ipv4Address.parse("192.168.7.7");

    private static IpOutbound out(final Ipv4Address src, final Ipv4Address dst, final byte[] payload) {
        return new IpOutbound(src, dst, IpProtocol.UDP, payload);
    }

    private static EthernetFrame only(final List<byte[]> frames) {
        assertThat(frames).hasSize(1);
        return EthernetFrame.decode(frames.get(0)).value();
    }

    @Test
    void offSubnetDestinationGoesToTheGatewaysMac() {
        try (IpBench b = new IpBench(IpBench.HOST.withGateway(GATEWAY), IpConfig.DEFAULT)) {
            b.primeArp(GATEWAY, GATEWAY_MAC);
            b.pf.send(IP, out(Ipv4Address.ANY, FAR, new byte[] {1, 2}));
            b.settle();
            final EthernetFrame eth = only(b.framesToNic());
            assertThat(eth.destination()).isEqualTo(GATEWAY_MAC);
            assertThat(eth.source()).isEqualTo(OUR_MAC);
            final Ipv4Packet p = Ipv4Packet.decode(eth.payload()).value();
            assertThat(p.source()).isEqualTo(US);
            assertThat(p.destination()).isEqualTo(FAR);
            assertThat(p.ttl()).isEqualTo(64);
        }
    }

    @Test
    void offSubnetDestinationWithoutGatewayIsDroppedAsNoRoute() {
        try (IpBench b = new IpBench()) {
            b.pf.send(IP, out(Ipv4Address.ANY, FAR, new byte[] {1}));
            b.settle();
            assertThat(b.framesToNic()).isEmpty();
            final Stats st = b.stats();
            assertThat(st.get(IpCounters.OUT_NO_ROUTE)).isEqualTo(1);
            assertThat(st.get(IpCounters.PACKETS_OUT)).isZero();
        }
    }

    @Test
    void broadcastsGoToTheBroadcastMacWithoutArp() {
        try (IpBench b = new IpBench()) {
            b.pf.send(IP, out(Ipv4Address.ANY, Ipv4Address.BROADCAST, new byte[] {1}));
            b.pf.send(IP, out(Ipv4Address.ANY, Ipv4Address.parse("10.0.0.255"), new byte[] {2}));
            b.settle();
            final List<byte[]> frames = b.framesToNic();
            assertThat(frames).hasSize(2);
            assertThat(frames).extracting(f -> EthernetFrame.decode(f).value().destination())
                .containsOnly(MacAddress.BROADCAST);
            assertThat(frames).extracting(f -> EthernetFrame.decode(f).value().etherType())
                .containsOnly(EtherType.IPV4);
            assertThat(b.stats().get(IpCounters.ARP_REQUESTS_OUT)).isZero();
        }
    }

    @Test
    void sourceThatIsNotOursIsDroppedAndOursIsKept() {
        try (IpBench b = new IpBench()) {
            b.primeArp(PEER, PEER_MAC);
            b.pf.send(IP, out(Ipv4Address.parse("10.0.0.9"), PEER, new byte[] {1}));
            b.pf.send(IP, out(US, PEER, new byte[] {2}));
            b.settle();
            final Ipv4Packet p = Ipv4Packet.decode(only(b.framesToNic()).payload()).value();
            assertThat(p.source()).isEqualTo(US);
            assertThat(IpBench.bytes(p.payload())).containsExactly(2);
            assertThat(b.stats().get(IpCounters.OUT_BAD_SOURCE)).isEqualTo(1);
        }
    }

    @Test
    void payloadUpToTheMtuIsSentAndOneByteMoreIsDropped() {
        try (IpBench b = new IpBench()) {
            b.primeArp(PEER, PEER_MAC);
            b.pf.send(IP, out(Ipv4Address.ANY, PEER, new byte[1480]));
            b.pf.send(IP, out(Ipv4Address.ANY, PEER, new byte[1481]));
            b.settle();
            final List<byte[]> frames = b.framesToNic();
            assertThat(frames).hasSize(1);
            assertThat(frames.get(0)).hasSize(14 + 1500);
            assertThat(b.stats().get(IpCounters.OUT_TOO_BIG)).isEqualTo(1);
        }
    }

    @Test
    void destinationsThatNameNoNeighbourAreDropped() {
        try (IpBench b = new IpBench()) {
            for (final String dst : List.of("0.0.0.0", "10.0.0.1", "127.0.0.1", "224.0.0.1")) {
                b.pf.send(IP, out(Ipv4Address.ANY, Ipv4Address.parse(dst), new byte[] {1}));
            }
            b.settle();
            assertThat(b.framesToNic()).isEmpty();
            assertThat(b.stats().get(IpCounters.OUT_BAD_DESTINATION)).isEqualTo(4);
        }
    }

    @Test
    void malformedOutboundIsCountedNotFatal() {
        try (IpBench b = new IpBench()) {
            b.pf.send(IP, new IpOutbound(Ipv4Address.ANY, PEER, IpProtocol.UDP, (byte[]) null));
            b.pf.send(IP, new IpOutbound(null, PEER, IpProtocol.UDP, new byte[1]));
            b.pf.send(IP, new IpOutbound(Ipv4Address.ANY, PEER, 256, new byte[1]));
            b.settle();
            assertThat(b.framesToNic()).isEmpty();
            assertThat(b.stats().get(IpCounters.OUT_MALFORMED)).isEqualTo(3);
            assertThat(b.rt.status(IP).restarts()).isZero();
        }
    }

    @Test
    void identificationCountsUpAcrossDatagrams() {
        try (IpBench b = new IpBench()) {
            b.primeArp(PEER, PEER_MAC);
            for (int i = 0; i < 3; i++) {
                b.pf.send(IP, out(Ipv4Address.ANY, PEER, new byte[] {(byte) i}));
            }
            b.settle();
            assertThat(b.framesToNic()).extracting(f -> Ipv4Packet.decode(EthernetFrame.decode(f).value().payload())
                .value().identification()).containsExactly(0, 1, 2);
        }
    }
}
