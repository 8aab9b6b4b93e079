package dev.newt.net.ip;

import static dev.newt.net.ip.IpBench.IP;
import static dev.newt.net.ip.IpBench.OUR_MAC;
import static dev.newt.net.ip.IpBench.PEER;
import static dev.newt.net.ip.IpBench.PEER_MAC;
import static dev.newt.net.ip.IpBench.US;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.net.msg.IpInbound;
import dev.newt.net.msg.Stats;
import dev.newt.net.wire.ArpPacket;
import dev.newt.net.wire.Decoded;
import dev.newt.net.wire.DropReason;
import dev.newt.net.wire.EtherType;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.IcmpDestinationUnreachable;
import dev.newt.net.wire.IcmpEcho;
import dev.newt.net.wire.IcmpMessage;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.MacAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Feeds ip thousands of seeded random and mutated frames from {@code a.nic}. Each frame is also
 * judged by a small reference model written from the wire decoders and RFC 791/792/826 rules, so
 * the server's every drop counter, and what it hands up or answers, can be checked against it.
 */
class IpRobustnessTest {
    private static final int FRAMES = 5000;
    private static final int BATCH = 200;
    private static final Ipv4Address SUBNET_BROADCAST = Ipv4Address.parse("10.0.0.255");

    /** What the reference model expects ip to make of one frame. */
    private static final class Expected {
        final Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        long rejected;
        long delivered;
        long arpReplies;
        long echoReplies;
        long errorsIn;

        void drop(final DropReason r) {
            drops.merge(r, 1L, Long::sum);
            rejected++;
        }
    }

    private static List<byte[]> templates() {
        final byte[] data = new byte[24];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        return List.of(
            IpBench.arpRequestFrame(PEER_MAC, PEER, US),
            IpBench.arpReplyFrame(PEER_MAC, PEER),
            IpBench.ipv4Frame(IpBench.echoRequestPacket(7, 1, data)),
            IpBench.ipv4Frame(IpBench.udpPacket(US, 64, Arrays.copyOf(data, 30))),
            IpBench.ipv4Frame(Ipv4Packet.of(PEER, US, 99, 3, 64, ByteBuffer.wrap(data))),
            IpBench.ipv4Frame(Ipv4Packet.of(PEER, US, IpProtocol.ICMP, 4, 64, ByteBuffer.wrap(
                IcmpDestinationUnreachable.portUnreachable(ByteBuffer.wrap(Ipv4Packet.of(US, PEER, IpProtocol.UDP, 5,
                    64, ByteBuffer.wrap(data)).encode())).encode()))));
    }

    private static byte[] mutate(final SplittableRandom rnd, final List<byte[]> templates) {
        final byte[] t = templates.get(rnd.nextInt(templates.size()));
        switch (rnd.nextInt(5)) {
            case 0: { // valid, untouched
                return t.clone();
            }
            case 1: { // flip one to three bits
                final byte[] f = t.clone();
                for (int n = 1 + rnd.nextInt(3); n > 0; n--) {
                    f[rnd.nextInt(f.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return f;
            }
            case 2: { // cut short
                return Arrays.copyOf(t, rnd.nextInt(t.length + 1));
            }
            case 3: { // overwrite a few bytes, mostly in the headers
                final byte[] f = t.clone();
                for (int n = 1 + rnd.nextInt(4); n > 0; n--) {
                    f[rnd.nextInt(Math.min(f.length, 48))] = (byte) rnd.nextInt(256);
                }
                return f;
            }
            default: { // random bytes, half of them dressed as ARP or IPv4 for us
                final byte[] f = new byte[rnd.nextInt(100)];
                rnd.nextBytes(f);
                if (f.length >= 14 && rnd.nextBoolean()) {
                    System.arraycopy(OUR_MAC.toBytes(), 0, f, 0, 6);
                    final int type = rnd.nextBoolean() ? EtherType.IPV4 : EtherType.ARP;
                    f[12] = (byte) (type >>> 8);
                    f[13] = (byte) type;
                    if (type == EtherType.IPV4 && f.length > 14) {
                        f[14] = 0x45;
                    }
                }
                return f;
            }
        }
    }

    private static boolean unicast(final Ipv4Address a) {
        final int top = a.bits() >>> 24;
        return !a.equals(Ipv4Address.ANY) && !a.isLimitedBroadcast() && !a.equals(SUBNET_BROADCAST)
            && !a.isMulticast() && top != 127 && (a.bits() >>> 28) != 0xF;
    }

    /** The reference model: RFC rules on top of the (separately tested) wire decoders. */
    private static void judge(final byte[] frame, final Expected x) {
        final Decoded<EthernetFrame> eth = EthernetFrame.decode(frame);
        if (!eth.isOk()) {
            x.drop(eth.reason());
            return;
        }
        final EthernetFrame e = eth.value();
        if (!e.destination().equals(OUR_MAC) && !e.destination().isBroadcast()) {
            x.drop(DropReason.NOT_FOR_US);
        } else if (e.etherType() == EtherType.ARP) {
            final Decoded<ArpPacket> arp = ArpPacket.decode(e.payload());
            if (!arp.isOk()) {
                x.drop(arp.reason());
            } else if (!arp.value().targetIp().equals(US)) {
                x.drop(DropReason.NOT_FOR_US);
            } else if (arp.value().operation() == ArpPacket.Operation.REQUEST) {
                x.arpReplies++;
            }
        } else if (e.etherType() == EtherType.IPV4) {
            judgeIpv4(e.payload(), x);
        } else {
            x.drop(DropReason.UNKNOWN_ETHERTYPE);
        }
    }

    private static void judgeIpv4(final ByteBuffer bytes, final Expected x) {
        final Decoded<Ipv4Packet> ip = Ipv4Packet.decode(bytes);
        if (!ip.isOk()) {
            x.drop(ip.reason());
            return;
        }
        final Ipv4Packet p = ip.value();
        final Ipv4Address dst = p.destination();
        if (!dst.equals(US) && !dst.equals(SUBNET_BROADCAST) && !dst.isLimitedBroadcast()) {
            x.drop(DropReason.NOT_FOR_US);
        } else if (p.moreFragments() || p.fragmentOffset() != 0) {
            x.drop(DropReason.FRAGMENTED);
        } else if (p.ttl() == 0) {
            x.drop(DropReason.TTL_EXPIRED);
        } else if (p.protocol() == IpProtocol.ICMP) {
            final Decoded<IcmpMessage> icmp = IcmpMessage.decode(p.payload());
            if (!icmp.isOk()) {
                x.drop(icmp.reason());
            } else if (icmp.value() instanceof IcmpEcho echo) {
                if (echo.reply()) {
                    x.drop(DropReason.NOT_FOR_US); // nobody pinged
                } else if (dst.equals(US) && unicast(p.source()) && !p.source().equals(US)
                    && p.source().inSubnet(US, 24)) {
                    x.echoReplies++;
                }
            } else {
                x.errorsIn++;
            }
        } else if (p.protocol() == IpProtocol.UDP || p.protocol() == IpProtocol.TCP) {
            x.delivered++;
        } else {
            x.drop(DropReason.UNKNOWN_PROTOCOL);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void randomAndMutatedFramesAreCountedAndNeverCrashTheServer(final long seed) {
        try (IpBench b = new IpBench()) {
            b.primeArp(PEER, PEER_MAC);
            final Stats before = b.stats();
            final SplittableRandom rnd = new SplittableRandom(seed);
            final List<byte[]> templates = templates();
            final Expected x = new Expected();
            long arpRepliesSeen = 0;
            long inboundSeen = 0;
            for (int sent = 0; sent < FRAMES; sent += BATCH) {
                for (int i = 0; i < BATCH; i++) {
                    final byte[] frame = mutate(rnd, templates);
                    judge(frame, x);
                    b.fromWire(frame);
                }
                b.settle();
                for (final byte[] f : b.framesToNic()) {
                    if (EthernetFrame.decode(f).value().etherType() == EtherType.ARP
                        && ArpPacket.decode(EthernetFrame.decode(f).value().payload()).value().operation()
                        == ArpPacket.Operation.REPLY) {
                        arpRepliesSeen++;
                    }
                }
                for (final Object m : IpBench.received(b.pf)) {
                    assertThat(m).isInstanceOf(IpInbound.class);
                    inboundSeen++;
                }
            }
            final Stats st = b.stats();
            assertThat(b.rt.status(IP).restarts()).isZero();
            assertThat(st.get(IpCounters.FRAMES_IN) - before.get(IpCounters.FRAMES_IN)).isEqualTo(FRAMES);
            for (final DropReason r : DropReason.values()) {
                assertThat(st.get(IpCounters.drop(r)) - before.get(IpCounters.drop(r)))
                    .as("drop.%s", r).isEqualTo(x.drops.getOrDefault(r, 0L));
            }
            assertThat(b.totalDrops()).as("all drops").isEqualTo(x.rejected);
            assertThat(inboundSeen).isEqualTo(x.delivered);
            assertThat(st.get(IpCounters.PACKETS_DELIVERED)).isEqualTo(x.delivered);
            assertThat(arpRepliesSeen).isEqualTo(x.arpReplies);
            assertThat(st.get(IpCounters.ARP_REPLIES_OUT) - before.get(IpCounters.ARP_REPLIES_OUT))
                .isEqualTo(x.arpReplies);
            assertThat(st.get(IpCounters.ECHO_REPLIES_OUT)).isEqualTo(x.echoReplies);
            assertThat(st.get(IpCounters.icmpErrorsIn(3)) + st.get(IpCounters.icmpErrorsIn(11))).isEqualTo(x.errorsIn);
            // The run must have exercised the paths it claims to check.
            assertThat(x.drops.keySet()).hasSizeGreaterThanOrEqualTo(8);
            assertThat(x.delivered).isPositive();
            assertThat(x.arpReplies).isPositive();
            assertThat(x.echoReplies).isPositive();
            assertThat(x.errorsIn).isPositive();

            // And ip still works: PEER says who it is again (a mutated ARP may have taught ip a
            // wrong MAC), then pings.
            b.primeArp(PEER, PEER_MAC);
            final byte[] data = {9, 8, 7, 6};
            b.fromWire(IpBench.ipv4Frame(IpBench.echoRequestPacket(0xBEEF, 42, data)));
            b.settle();
            final List<byte[]> out = b.framesToNic();
            assertThat(out).hasSize(1);
            final EthernetFrame eth = EthernetFrame.decode(out.get(0)).value();
            assertThat(eth.destination()).isEqualTo(PEER_MAC);
            final Ipv4Packet p = Ipv4Packet.decode(eth.payload()).value();
            assertThat(p.destination()).isEqualTo(PEER);
            final IcmpEcho reply = (IcmpEcho) IcmpMessage.decode(p.payload()).value();
            assertThat(reply.reply()).isTrue();
            assertThat(reply.identifier()).isEqualTo(0xBEEF);
            assertThat(reply.sequence()).isEqualTo(42);
            assertThat(IpBench.bytes(reply.data())).containsExactly(data);
        }
    }

    @Test
    void stateStaysWithinItsBoundsUnderAFloodOfNeighbours() {
        // ARP requests for us from many made-up neighbours, and echo requests from more of them:
        // the cache and the pending resolutions must stay bounded.
        final IpConfig small = new IpConfig(IpConfig.DEFAULT.arpCacheLifetime(), IpConfig.DEFAULT.arpRetryInterval(),
            3, 4, 8, 32, IpConfig.DEFAULT.transportProtocols());
        try (IpBench b = new IpBench(IpBench.HOST, small)) {
            final SplittableRandom rnd = new SplittableRandom(11);
            final List<Object> upToPf = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                final Ipv4Address who = Ipv4Address.of(10, 0, 0, 2 + rnd.nextInt(250));
                final MacAddress mac = new MacAddress(0x02bb_0000_0000L | who.bits() & 0xFF);
                if (rnd.nextBoolean()) {
                    b.fromWire(IpBench.arpRequestFrame(mac, who, US));
                } else {
                    b.fromWire(EthernetFrame.of(OUR_MAC, mac, EtherType.IPV4, Ipv4Packet.of(who, US, IpProtocol.ICMP,
                        i, 64, ByteBuffer.wrap(IcmpEcho.request(1, i, new byte[8]).encode())).encode()).encode());
                }
                if (i % 100 == 99) {
                    b.settle();
                    b.framesToNic();
                    upToPf.addAll(IpBench.received(b.pf));
                }
            }
            b.settle();
            final Stats st = b.stats();
            assertThat(st.get(IpCounters.ARP_CACHE_SIZE)).isLessThanOrEqualTo(32);
            assertThat(st.get(IpCounters.ARP_EVICTIONS)).isPositive();
            assertThat(st.get(IpCounters.ARP_PENDING)).isLessThanOrEqualTo(8);
            assertThat(st.get(IpCounters.drop(DropReason.NO_BUFFER_SPACE))).isPositive();
            assertThat(b.rt.status(IP).restarts()).isZero();
            assertThat(upToPf).isEmpty();
        }
    }
}
