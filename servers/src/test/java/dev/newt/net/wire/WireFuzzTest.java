package dev.newt.net.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of every decoder with frames built from valid ones: bit flips, truncations,
 * random bytes, boundary values in header fields, and, so that the inner layers see hostile
 * input too rather than stopping at the first checksum, mutations followed by recomputing the
 * checksums. The property: each decoder returns a value or a drop and never throws; and a value
 * that decoded re-encodes to bytes that decode to the same value.
 */
class WireFuzzTest {
    private static final long SEED = 0x4e65_7774L; // "Newt"
    private static final int ITERATIONS = 20_000;

    private static final MacAddress MAC_A = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress MAC_B = MacAddress.parse("02:00:00:00:00:02");
    private static final Ipv4Address IP_A = Ipv4Address.parse("10.0.0.1");
    private static final Ipv4Address IP_B = Ipv4Address.parse("10.0.0.2");
    private static final int[] INTERESTING = {0x00, 0x01, 0x05, 0x06, 0x08, 0x11, 0x3f, 0x40, 0x44, 0x45, 0x46, 0x4f,
        0x7f, 0x80, 0xfe, 0xff};

    /** Outcome label -> count, e.g. "udp ok" or "ipv4 BAD_CHECKSUM". */
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final DropCounts drops = new DropCounts();
    private long iteration;
    private byte[] input;

    @Test
    void twentyThousandMutatedFramesNeverMakeADecoderThrow() {
        final SplittableRandom rng = new SplittableRandom(SEED);
        final List<byte[]> seeds = validFrames();
        for (iteration = 0; iteration < ITERATIONS; iteration++) {
            input = mutate(rng, seeds.get(rng.nextInt(seeds.size())).clone());
            decodeStack(input);
            decodeEachLayerDirectly(input);
        }
        // The fuzzer must have reached every layer and most rejection paths; if a change to the
        // mutations stopped that, this says so rather than passing vacuously.
        assertThat(outcomes).containsKeys("udp ok", "icmp ok", "arp ok", "ipv4 ok");
        assertThat(drops.snapshot()).containsKeys(DropReason.TRUNCATED, DropReason.BAD_CHECKSUM,
                DropReason.BAD_VERSION, DropReason.BAD_HEADER_LENGTH, DropReason.BAD_TOTAL_LENGTH,
                DropReason.BAD_LENGTH, DropReason.UNKNOWN_ETHERTYPE, DropReason.UNSUPPORTED_ADDRESS_TYPE,
                DropReason.UNKNOWN_OPERATION, DropReason.UNKNOWN_ICMP_TYPE);
    }

    private static List<byte[]> validFrames() {
        final List<byte[]> frames = new ArrayList<>();
        final byte[] hi = "hi!".getBytes(StandardCharsets.US_ASCII);
        frames.add(ipv4Frame(Ipv4Packet.of(IP_A, IP_B, IpProtocol.UDP, 1, 64,
                ByteBuffer.wrap(UdpDatagram.of(1234, 53, hi).encode(IP_A, IP_B)))));
        final byte[] big = new byte[300];
        Arrays.fill(big, (byte) 0xa5);
        frames.add(ipv4Frame(Ipv4Packet.of(IP_A, IP_B, IpProtocol.UDP, 2, 64,
                ByteBuffer.wrap(UdpDatagram.of(40000, 7, big).encode(IP_A, IP_B)))));
        frames.add(ipv4Frame(new Ipv4Packet(0, 0, 3, true, false, 0, 64, IpProtocol.UDP, IP_A, IP_B,
                ByteBuffer.wrap(Hex.bytes("94 04 00 00 01 01 01 00")),
                ByteBuffer.wrap(UdpDatagram.of(5, 6, hi).encode(IP_A, IP_B)))));
        final byte[] echo = IcmpEcho.request(0x1c46, 1, "abcdefgh".getBytes(StandardCharsets.US_ASCII)).encode();
        frames.add(ipv4Frame(Ipv4Packet.of(IP_A, IP_B, IpProtocol.ICMP, 4, 64, ByteBuffer.wrap(echo))));
        final byte[] offending = Ipv4Packet.of(IP_B, IP_A, IpProtocol.UDP, 9, 64,
                ByteBuffer.wrap(UdpDatagram.of(999, 9, big).encode(IP_B, IP_A))).encode();
        frames.add(ipv4Frame(Ipv4Packet.of(IP_A, IP_B, IpProtocol.ICMP, 5, 64, ByteBuffer.wrap(
                IcmpDestinationUnreachable.portUnreachable(ByteBuffer.wrap(offending)).encode()))));
        frames.add(ipv4Frame(Ipv4Packet.of(IP_A, IP_B, IpProtocol.ICMP, 6, 64, ByteBuffer.wrap(
                IcmpTimeExceeded.of(0, ByteBuffer.wrap(offending)).encode()))));
        frames.add(ipv4Frame(new Ipv4Packet(0, 0, 7, false, true, 0, 64, IpProtocol.UDP, IP_A, IP_B,
                ByteBuffer.allocate(0), ByteBuffer.wrap(big, 0, 64))));
        frames.add(EthernetFrame.of(MacAddress.BROADCAST, MAC_A, EtherType.ARP,
                ArpPacket.request(MAC_A, IP_A, IP_B).encode()).encode());
        frames.add(EthernetFrame.of(MAC_A, MAC_B, EtherType.ARP,
                ArpPacket.replyTo(ArpPacket.request(MAC_A, IP_A, IP_B), MAC_B).encode()).encode());
        return frames;
    }

    private static byte[] ipv4Frame(final Ipv4Packet p) {
        return EthernetFrame.of(MAC_B, MAC_A, EtherType.IPV4, p.encode()).encode();
    }

    private static byte[] mutate(final SplittableRandom rng, final byte[] f) {
        switch (rng.nextInt(9)) {
            case 0:
                return flipBits(rng, f, 0);
            case 1:
                return Arrays.copyOf(f, rng.nextInt(f.length));
            case 2: {
                final byte[] r = new byte[rng.nextInt(120)];
                rng.nextBytes(r);
                return r;
            }
            case 3:
                return fixChecksums(flipBits(rng, f, 14));
            case 4: {
                final int i = rng.nextInt(Math.min(f.length, 64));
                f[i] = (byte) (rng.nextBoolean() ? INTERESTING[rng.nextInt(INTERESTING.length)] : rng.nextInt(256));
                return fixChecksums(f);
            }
            case 5: {
                final byte[] longer = Arrays.copyOf(f, f.length + 1 + rng.nextInt(40));
                for (int i = f.length; i < longer.length; i++) {
                    longer[i] = (byte) rng.nextInt(256);
                }
                return fixChecksums(longer);
            }
            case 6:
                return fixChecksums(Arrays.copyOf(f, 14 + rng.nextInt(f.length - 13)));
            case 7: {
                // a random 16-bit value in a length field: IPv4 total length, or UDP length
                final int at = rng.nextBoolean() ? 16 : 14 + (f[14] & 0xF) * 4 + 4;
                if (at + 1 < f.length) {
                    f[at] = (byte) rng.nextInt(256);
                    f[at + 1] = (byte) rng.nextInt(256);
                }
                return fixChecksums(f);
            }
            default: {
                // a type or opcode changed into something else valid-looking
                final int[] at = {12, 13, 14 + 9, 14 + 7, 14 + 20, 14 + 21};
                final int i = at[rng.nextInt(at.length)];
                if (i < f.length) {
                    f[i] = (byte) INTERESTING[rng.nextInt(INTERESTING.length)];
                }
                return fixChecksums(f);
            }
        }
    }

    private static byte[] flipBits(final SplittableRandom rng, final byte[] f, final int from) {
        if (f.length <= from) {
            return f;
        }
        for (int n = 1 + rng.nextInt(8); n > 0; n--) {
            final int i = from + rng.nextInt(f.length - from);
            f[i] ^= (byte) (1 << rng.nextInt(8));
        }
        return f;
    }

    /**
     * Recomputes the IPv4 header checksum and the ICMP or UDP checksum wherever the (possibly
     * mutated) fields still let one find them, so that the next layer gets to judge the bytes.
     */
    private static byte[] fixChecksums(final byte[] f) {
        final ByteBuffer b = ByteBuffer.wrap(f);
        if (f.length < 34 || Short.toUnsignedInt(b.getShort(12)) != EtherType.IPV4) {
            return f;
        }
        final int ip = 14;
        final int hl = (f[ip] & 0xF) * 4;
        if (hl < 20 || ip + hl > f.length) {
            return f;
        }
        final int total = Short.toUnsignedInt(b.getShort(ip + 2));
        final int l4 = ip + hl;
        final int end = Math.min(f.length, ip + Math.max(total, hl));
        final int protocol = f[ip + 9] & 0xFF;
        if (protocol == IpProtocol.ICMP && end - l4 >= 4) {
            b.putShort(l4 + 2, (short) 0);
            b.putShort(l4 + 2, (short) Checksum.compute(f, l4, end - l4));
        } else if (protocol == IpProtocol.UDP && end - l4 >= 8) {
            b.putShort(l4 + 6, (short) 0);
            final int udpLength = Short.toUnsignedInt(b.getShort(l4 + 4));
            if (udpLength >= 8 && udpLength <= end - l4) {
                final Ipv4Address src = Ipv4Address.read(b, ip + 12);
                final Ipv4Address dst = Ipv4Address.read(b, ip + 16);
                b.putShort(l4 + 6, (short) Ipv4PseudoHeader.start(src, dst, IpProtocol.UDP, udpLength)
                        .add(f, l4, udpLength).value());
            }
        }
        b.putShort(ip + 10, (short) 0);
        b.putShort(ip + 10, (short) Checksum.compute(f, ip, hl));
        return f;
    }

    /** Ethernet, then ARP or IPv4, then ICMP or UDP: the path a real receive takes. */
    private void decodeStack(final byte[] frame) {
        final Decoded<EthernetFrame> eth = safely(() -> EthernetFrame.decode(frame));
        if (!count("ethernet", eth)) {
            return;
        }
        final EthernetFrame f = eth.value();
        if (f.payloadLength() >= EthernetFrame.MIN_PAYLOAD_LENGTH) {
            assertStable(f, EthernetFrame.decode(f.encode()));
        }
        if (f.etherType() == EtherType.ARP) {
            final Decoded<ArpPacket> arp = safely(() -> ArpPacket.decode(f.payload()));
            if (count("arp", arp)) {
                assertStable(arp.value(), ArpPacket.decode(arp.value().encode()));
            }
            return;
        }
        if (f.etherType() != EtherType.IPV4) {
            count("link demux", Decoded.drop(DropReason.UNKNOWN_ETHERTYPE, "not ARP or IPv4"));
            return;
        }
        final Decoded<Ipv4Packet> ip = safely(() -> Ipv4Packet.decode(f.payload()));
        if (!count("ipv4", ip)) {
            return;
        }
        final Ipv4Packet p = ip.value();
        assertStable(p, Ipv4Packet.decode(p.encode()));
        if (p.isFragment()) {
            count("ip demux", Decoded.drop(DropReason.FRAGMENTED, "no reassembler here"));
        } else if (p.protocol() == IpProtocol.ICMP) {
            final Decoded<IcmpMessage> icmp = safely(() -> IcmpMessage.decode(p.payload()));
            if (count("icmp", icmp)) {
                assertStable(icmp.value(), IcmpMessage.decode(icmp.value().encode()));
            }
        } else if (p.protocol() == IpProtocol.UDP) {
            final Decoded<UdpDatagram> udp = safely(() -> UdpDatagram.decode(p.payload(), p.source(), p.destination()));
            if (count("udp", udp)) {
                final UdpDatagram u = udp.value();
                assertStable(u, UdpDatagram.decode(u.encode(p.source(), p.destination()), p.source(), p.destination()));
            }
        } else {
            count("ip demux", Decoded.drop(DropReason.UNKNOWN_PROTOCOL, "protocol " + p.protocol()));
        }
    }

    /** Every decoder on the raw bytes, from the start and from the Ethernet payload offset. */
    private void decodeEachLayerDirectly(final byte[] frame) {
        for (final int from : new int[] {0, 14}) {
            if (from > frame.length) {
                continue;
            }
            final ByteBuffer b = ByteBuffer.wrap(frame).position(from);
            safely(() -> EthernetFrame.decode(b));
            safely(() -> ArpPacket.decode(b));
            safely(() -> Ipv4Packet.decode(b));
            safely(() -> IcmpMessage.decode(b));
            safely(() -> UdpDatagram.decode(b, IP_A, IP_B));
            assertThat(b.position()).as("decoders must not move the input position").isEqualTo(from);
        }
    }

    private boolean count(final String layer, final Decoded<?> d) {
        outcomes.merge(layer + " " + (d.isOk() ? "ok" : d.reason().name()), 1, Integer::sum);
        return drops.accept(d);
    }

    private <T> void assertStable(final T value, final Decoded<T> again) {
        // descriptions as suppliers: formatting the input costs more than the decoding
        assertThat(again.isOk()).as(() -> "re-encoding " + value + " of input " + Hex.of(input)).isTrue();
        assertThat(again.value()).as(() -> "re-decoded, from input " + Hex.of(input)).isEqualTo(value);
    }

    private <T> Decoded<T> safely(final Supplier<Decoded<T>> decode) {
        final Decoded<T> d;
        try {
            d = decode.get();
        } catch (RuntimeException | Error e) {
            throw new AssertionError("decoder threw on iteration " + iteration + " (seed " + SEED + "), input "
                    + Hex.of(input), e);
        }
        if (d == null) {
            fail("decoder returned null on iteration %d, input %s", iteration, Hex.of(input));
        }
        return d;
    }
}
