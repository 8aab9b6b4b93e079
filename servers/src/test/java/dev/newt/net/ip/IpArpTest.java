package dev.newt.net.ip;

import static dev.newt.net.ip.IpBench.GATEWAY;
import static dev.newt.net.ip.IpBench.IP;
import static dev.newt.net.ip.IpBench.OUR_MAC;
import static dev.newt.net.ip.IpBench.PEER;
import static dev.newt.net.ip.IpBench.PEER_MAC;
import static dev.newt.net.ip.IpBench.US;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.net.msg.IpOutbound;
import dev.newt.net.msg.Stats;
import dev.newt.net.wire.ArpPacket;
import dev.newt.net.wire.DropReason;
import dev.newt.net.wire.EtherType;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.MacAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ARP: answering, learning by RFC 826's merge rule, resolving with retries, expiry. */
class IpArpTest {
    private static final Ipv4Address OTHER = Ipv4Address.parse("10.0.0.3");
    private static final MacAddress OTHER_MAC = MacAddress.parse("02:aa:00:00:00:03");

    private static IpOutbound udpTo(final Ipv4Address dst, final byte[] payload) {
        return new IpOutbound(Ipv4Address.ANY, dst, IpProtocol.UDP, payload);
    }

    private static ArpPacket arpIn(final byte[] frame, final MacAddress expectedDst) {
        final EthernetFrame eth = EthernetFrame.decode(frame).value();
        assertThat(eth.etherType()).isEqualTo(EtherType.ARP);
        assertThat(eth.destination()).isEqualTo(expectedDst);
        assertThat(eth.source()).isEqualTo(OUR_MAC);
        return ArpPacket.decode(eth.payload()).value();
    }

    private static void assertRequestFor(final byte[] frame, final Ipv4Address target) {
        final ArpPacket req = arpIn(frame, MacAddress.BROADCAST);
        assertThat(req).isEqualTo(new ArpPacket(ArpPacket.Operation.REQUEST, OUR_MAC, US, MacAddress.ZERO, target));
    }

    @Test
    void arpRequestForOurAddressIsAnsweredUnicastWithOurMac() {
        try (IpBench b = new IpBench()) {
            b.fromWire(IpBench.arpRequestFrame(PEER_MAC, PEER, US));
            b.settle();
            final List<byte[]> out = b.framesToNic();
            assertThat(out).hasSize(1);
            assertThat(out.get(0)).hasSize(60); // 14 + 28, padded to the Ethernet minimum
            final ArpPacket reply = arpIn(out.get(0), PEER_MAC);
            assertThat(reply.operation()).isEqualTo(ArpPacket.Operation.REPLY);
            assertThat(reply.senderMac()).isEqualTo(OUR_MAC);
            assertThat(reply.senderIp()).isEqualTo(US);
            assertThat(reply.targetMac()).isEqualTo(PEER_MAC);
            assertThat(reply.targetIp()).isEqualTo(PEER);
            final Stats st = b.stats();
            assertThat(st.get(IpCounters.ARP_REQUESTS_IN)).isEqualTo(1);
            assertThat(st.get(IpCounters.ARP_REPLIES_OUT)).isEqualTo(1);
            assertThat(st.get(IpCounters.ARP_CACHE_SIZE)).isEqualTo(1);
            assertThat(st.get(IpCounters.FRAMES_IN)).isEqualTo(1);
            assertThat(st.get(IpCounters.FRAMES_OUT)).isEqualTo(1);
        }
    }

    @Test
    void askersAddressIsLearnedSoTheAnswerNeedsNoArp() {
        try (IpBench b = new IpBench()) {
            b.primeArp(PEER, PEER_MAC);
            b.pf.send(IP, udpTo(PEER, new byte[] {1, 2, 3}));
            b.settle();
            final List<byte[]> out = b.framesToNic();
            assertThat(out).hasSize(1);
            final EthernetFrame eth = EthernetFrame.decode(out.get(0)).value();
            assertThat(eth.etherType()).isEqualTo(EtherType.IPV4);
            assertThat(eth.destination()).isEqualTo(PEER_MAC);
            assertThat(b.stats().get(IpCounters.ARP_REQUESTS_OUT)).isZero();
        }
    }

    @Test
    void requestBetweenOtherHostsIsNeitherAnsweredNorLearned() {
        try (IpBench b = new IpBench()) {
            b.fromWire(IpBench.arpRequestFrame(PEER_MAC, PEER, OTHER));
            b.settle();
            assertThat(b.framesToNic()).isEmpty();
            final Stats st = b.stats();
            assertThat(st.get(IpCounters.ARP_CACHE_SIZE)).isZero();
            assertThat(st.get(IpCounters.drop(DropReason.NOT_FOR_US))).isEqualTo(1);
            // Not learned: sending to PEER has to ask.
            b.pf.send(IP, udpTo(PEER, new byte[] {1}));
            b.settle();
            final List<byte[]> out = b.framesToNic();
            assertThat(out).hasSize(1);
            assertRequestFor(out.get(0), PEER);
        }
    }

    @Test
    void requestBetweenOtherHostsRefreshesAnEntryWeAlreadyHave() {
        try (IpBench b = new IpBench()) {
            b.primeArp(PEER, PEER_MAC);
            final MacAddress moved = MacAddress.parse("02:bb:00:00:00:02");
            b.fromWire(IpBench.arpRequestFrame(moved, PEER, OTHER)); // PEER's new card asks for OTHER
            b.settle();
            assertThat(b.framesToNic()).isEmpty();
            b.pf.send(IP, udpTo(PEER, new byte[] {1}));
            b.settle();
            final List<byte[]> out = b.framesToNic();
            assertThat(out).hasSize(1);
            assertThat(EthernetFrame.decode(out.get(0)).value().destination()).isEqualTo(moved);
        }
    }

    @Test
    void packetToUnknownNeighbourIsQueuedBehindOneRequestAndSentOnReply() {
        try (IpBench b = new IpBench()) {
            b.pf.send(IP, udpTo(PEER, new byte[] {10}));
            b.pf.send(IP, udpTo(PEER, new byte[] {11, 12}));
            b.settle();
            List<byte[]> out = b.framesToNic();
            assertThat(out).hasSize(1);
            assertRequestFor(out.get(0), PEER);
            Stats st = b.stats();
            assertThat(st.get(IpCounters.ARP_PENDING)).isEqualTo(1);
            assertThat(st.get(IpCounters.ARP_QUEUED)).isEqualTo(2);

            b.fromWire(IpBench.arpReplyFrame(PEER_MAC, PEER));
            b.settle();
            out = b.framesToNic();
            assertThat(out).hasSize(2);
            final List<Ipv4Packet> sent = new ArrayList<>();
            for (final byte[] f : out) {
                final EthernetFrame eth = EthernetFrame.decode(f).value();
                assertThat(eth.destination()).isEqualTo(PEER_MAC);
                assertThat(eth.source()).isEqualTo(OUR_MAC);
                assertThat(eth.etherType()).isEqualTo(EtherType.IPV4);
                sent.add(Ipv4Packet.decode(eth.payload()).value());
            }
            assertThat(IpBench.bytes(sent.get(0).payload())).containsExactly(10);
            assertThat(IpBench.bytes(sent.get(1).payload())).containsExactly(11, 12);
            for (final Ipv4Packet p : sent) {
                assertThat(p.source()).isEqualTo(US);
                assertThat(p.destination()).isEqualTo(PEER);
                assertThat(p.protocol()).isEqualTo(IpProtocol.UDP);
                assertThat(p.ttl()).isEqualTo(64);
                assertThat(p.isFragment()).isFalse();
            }
            assertThat(sent.get(1).identification()).isEqualTo(sent.get(0).identification() + 1);
            st = b.stats();
            assertThat(st.get(IpCounters.ARP_PENDING)).isZero();
            assertThat(st.get(IpCounters.ARP_REQUESTS_OUT)).isEqualTo(1);
            assertThat(st.get(IpCounters.ARP_REPLIES_IN)).isEqualTo(1);
            assertThat(st.get(IpCounters.PACKETS_OUT)).isEqualTo(2);
            // No timer is left to send anything more.
            b.rt.runFor(Duration.ofSeconds(10));
            assertThat(b.framesToNic()).isEmpty();
        }
    }

    @Test
    void unansweredResolutionRetriesEveryIntervalThenDropsAndCountsTheQueue() {
        try (IpBench b = new IpBench()) {
            final long start = b.rt.now();
            for (int i = 0; i < 3; i++) {
                b.pf.send(IP, udpTo(PEER, new byte[] {(byte) i}));
            }
            final List<Long> requestTimes = new ArrayList<>();
            for (int step = 0; step < 60; step++) { // 6 s in 100 ms steps
                b.rt.runFor(Duration.ofMillis(100));
                for (final byte[] f : b.framesToNic()) {
                    assertRequestFor(f, PEER);
                    requestTimes.add(b.rt.now() - start);
                }
            }
            // The first at once, then arpRetries (3) more, one each second.
            assertThat(requestTimes).hasSize(4);
            for (int i = 0; i < 4; i++) {
                assertThat(requestTimes.get(i)).isBetween(i * 1_000_000_000L, i * 1_000_000_000L + 100_000_000L);
            }
            final Stats st = b.stats();
            assertThat(st.get(IpCounters.ARP_UNRESOLVED)).isEqualTo(3);
            assertThat(st.get(IpCounters.ARP_TIMEOUTS)).isEqualTo(1);
            assertThat(st.get(IpCounters.ARP_PENDING)).isZero();
            assertThat(st.get(IpCounters.ARP_REQUESTS_OUT)).isEqualTo(4);
            // A late reply finds nothing queued.
            b.fromWire(IpBench.arpReplyFrame(PEER_MAC, PEER));
            b.settle();
            assertThat(b.framesToNic()).isEmpty();
        }
    }

    @Test
    void giveUpComesOneIntervalAfterTheLastRetry() {
        try (IpBench b = new IpBench()) {
            b.pf.send(IP, udpTo(PEER, new byte[] {1}));
            b.rt.runFor(Duration.ofMillis(3_900));
            assertThat(b.stats().get(IpCounters.ARP_UNRESOLVED)).isZero();
            b.rt.runFor(Duration.ofMillis(200));
            assertThat(b.stats().get(IpCounters.ARP_UNRESOLVED)).isEqualTo(1);
        }
    }

    @Test
    void queueBeyondItsBoundIsDroppedAsNoBufferSpace() {
        try (IpBench b = new IpBench()) {
            for (int i = 0; i < 70; i++) {
                b.pf.send(IP, udpTo(PEER, new byte[] {(byte) i}));
            }
            b.settle();
            assertThat(b.framesToNic()).hasSize(1);
            Stats st = b.stats();
            assertThat(st.get(IpCounters.ARP_QUEUED)).isEqualTo(64);
            assertThat(st.get(IpCounters.drop(DropReason.NO_BUFFER_SPACE))).isEqualTo(6);
            b.fromWire(IpBench.arpReplyFrame(PEER_MAC, PEER));
            b.settle();
            final List<byte[]> out = b.framesToNic();
            assertThat(out).hasSize(64);
            for (int i = 0; i < 64; i++) {
                final Ipv4Packet p = Ipv4Packet.decode(EthernetFrame.decode(out.get(i)).value().payload()).value();
                assertThat(IpBench.bytes(p.payload())).containsExactly(i); // the first 64, in order
            }
        }
    }

    @Test
    void entryIsUsedBeforeItsLifetimeEndsAndResolvedAgainAfter() {
        try (IpBench b = new IpBench()) {
            b.primeArp(PEER, PEER_MAC);
            b.rt.runFor(Duration.ofSeconds(59));
            assertThat(b.stats().get(IpCounters.ARP_CACHE_SIZE)).isEqualTo(1);
            b.pf.send(IP, udpTo(PEER, new byte[] {1}));
            b.settle();
            List<byte[]> out = b.framesToNic();
            assertThat(out).hasSize(1);
            assertThat(EthernetFrame.decode(out.get(0)).value().etherType()).isEqualTo(EtherType.IPV4);

            b.rt.runFor(Duration.ofSeconds(2)); // 61 s after it was learned
            assertThat(b.stats().get(IpCounters.ARP_CACHE_SIZE)).isZero();
            b.pf.send(IP, udpTo(PEER, new byte[] {2}));
            b.settle();
            out = b.framesToNic();
            assertThat(out).hasSize(1);
            assertRequestFor(out.get(0), PEER);
            assertThat(b.stats().get(IpCounters.ARP_REQUESTS_OUT)).isEqualTo(1);
        }
    }

    @Test
    void configuredLifetimeAndRetriesAreHonoured() {
        final IpConfig cfg = IpConfig.DEFAULT.withArpCacheLifetime(Duration.ofSeconds(5))
            .withArpRetries(Duration.ofMillis(250), 1);
        try (IpBench b = new IpBench(IpBench.HOST, cfg)) {
            b.primeArp(PEER, PEER_MAC);
            b.rt.runFor(Duration.ofSeconds(6));
            b.pf.send(IP, udpTo(PEER, new byte[] {1}));
            b.rt.runFor(Duration.ofSeconds(2));
            assertThat(b.framesToNic()).hasSize(2); // the first request and one retry
            assertThat(b.stats().get(IpCounters.ARP_UNRESOLVED)).isEqualTo(1);
        }
    }

    @Test
    void replyToUsCreatesAnEntryButGratuitousReplyForOthersDoesNot() {
        try (IpBench b = new IpBench()) {
            b.fromWire(IpBench.arpReplyFrame(PEER_MAC, PEER));
            // A broadcast ARP announcement by OTHER, targeting itself.
            b.fromWire(IpBench.arpRequestFrame(OTHER_MAC, OTHER, OTHER));
            b.settle();
            assertThat(b.framesToNic()).isEmpty();
            assertThat(b.stats().get(IpCounters.ARP_CACHE_SIZE)).isEqualTo(1);
        }
    }

    @Test
    void sendingToGatewayResolvesTheGatewayNotTheDestination() {
        try (IpBench b = new IpBench(IpBench.HOST.withGateway(GATEWAY), IpConfig.DEFAULT)) {
            b.pf.send(IP, udpTo(Ipv4Address.parse("192.168.7.7"), new byte[] {1}));
            b.settle();
            final List<byte[]> out = b.framesToNic();
            assertThat(out).hasSize(1);
            assertRequestFor(out.get(0), GATEWAY);
        }
    }
}
