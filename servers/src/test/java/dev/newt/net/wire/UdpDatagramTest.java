package dev.newt.net.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UdpDatagramTest {
    static final Ipv4Address SRC = Ipv4Address.parse("192.168.0.1");
    static final Ipv4Address DST = Ipv4Address.parse("192.168.0.199");

    /*
     * 192.168.0.1:1234 -> 192.168.0.199:53, data "hi!" (odd: padded with 00 for the sum), length 11.
     * Pseudo-header c0a8 0001 c0a8 00c7 0011 000b, then 04d2 0035 000b 0000 6869 2100:
     * c0a8 + 0001 = c0a9; + c0a8 = 18151; + 00c7 = 18218; + 0011 = 18229; + 000b = 18234;
     * + 04d2 = 18706; + 0035 = 1873b; + 000b = 18746; + 0000 = 18746; + 6869 = 1efaf; + 2100 = 210af;
     * fold: 10af + 2 = 10b1; checksum ~10b1 = ef4e.
     */
    static final byte[] HI = Hex.bytes("04 d2 00 35 00 0b ef 4e 68 69 21");

    @Test
    void encodesToTheHandCheckedVector() {
        final UdpDatagram u = UdpDatagram.of(1234, 53, "hi!".getBytes(StandardCharsets.US_ASCII));
        assertThat(Hex.of(u.encode(SRC, DST))).isEqualTo(Hex.of(HI));
    }

    /** Written once behind headroom: the same bytes, and ip's and nic's headers go in front of them. */
    @Test
    void encodesWithHeadroomSoTheLayersBelowPrependInPlace() {
        final UdpDatagram u = UdpDatagram.of(1234, 53, "hi!".getBytes(StandardCharsets.US_ASCII));
        final PacketBuffer b = u.encode(SRC, DST, PacketBuffer.LINK_AND_IP_HEADROOM);
        assertThat(b.offset()).isEqualTo(PacketBuffer.LINK_AND_IP_HEADROOM);
        assertThat(Hex.of(b.toArray())).isEqualTo(Hex.of(HI));
        final PacketBuffer withHeaders = b.prepend(PacketBuffer.LINK_AND_IP_HEADROOM);
        assertThat(withHeaders.array()).as("no copy").isSameAs(b.array());
    }

    @Test
    void decodesFromTheHandCheckedVector() {
        final UdpDatagram u = UdpDatagram.decode(HI, SRC, DST).value();
        assertThat(u.sourcePort()).isEqualTo(1234);
        assertThat(u.destinationPort()).isEqualTo(53);
        assertThat(u.length()).isEqualTo(11);
        assertThat(u.payload()).isEqualTo(ByteBuffer.wrap("hi!".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void checksumCoversThePseudoHeaderSoOtherAddressesFail() {
        final Decoded<UdpDatagram> r = UdpDatagram.decode(HI, SRC, Ipv4Address.parse("192.168.0.198"));
        assertThat(r.reason()).isEqualTo(DropReason.BAD_CHECKSUM);
    }

    @Test
    void zeroChecksumOnReceiveMeansNoneAndIsNotChecked() {
        final byte[] d = HI.clone();
        d[6] = 0;
        d[7] = 0;
        d[10] = '?'; // corrupt the data too: without a checksum nobody can tell
        assertThat(UdpDatagram.decode(d, SRC, DST).value().payload().get(2)).isEqualTo((byte) '?');
    }

    /*
     * 10.0.0.1:7 -> 10.0.0.2:7, two data bytes chosen so the checksum computes to 0.
     * Pseudo-header 0a00 0001 0a00 0002 0011 000a, header 0007 0007 000a 0000:
     * 0a00 + 0001 = 0a01; + 0a00 = 1401; + 0002 = 1403; + 0011 = 1414; + 000a = 141e;
     * + 0007 = 1425; + 0007 = 142c; + 000a = 1436; + 0000 = 1436.
     * Data word ffff - 1436 = ebc9 brings the sum to ffff, so the checksum ~ffff = 0000,
     * which would read as "no checksum": it is sent as ffff instead (the same value in one's complement).
     */
    @Test
    void computedZeroChecksumIsSentAsFfffAndVerifies() {
        final Ipv4Address a = Ipv4Address.parse("10.0.0.1");
        final Ipv4Address b = Ipv4Address.parse("10.0.0.2");
        final byte[] wire = UdpDatagram.of(7, 7, Hex.bytes("eb c9")).encode(a, b);
        assertThat(Hex.of(wire)).isEqualTo("00 07 00 07 00 0a ff ff eb c9");
        // receiving: 1436 + ebc9 + ffff = 1fffe, fold fffe + 1 = ffff: valid
        assertThat(UdpDatagram.decode(wire, a, b).isOk()).isTrue();
    }

    @Test
    void roundTripsEmptyAndLargePayloads() {
        for (final int n : new int[] {0, 1, 2, 1472, UdpDatagram.MAX_PAYLOAD_LENGTH}) {
            final byte[] data = new byte[n];
            Arrays.fill(data, (byte) 0x5a);
            final UdpDatagram u = UdpDatagram.of(40000, 65535, data);
            assertThat(UdpDatagram.decode(u.encode(SRC, DST), SRC, DST).value()).as("%d bytes", n).isEqualTo(u);
        }
    }

    @Test
    void rejectsDatagramShorterThanItsHeaderAsTruncated() {
        for (int n = 0; n < 8; n++) {
            assertThat(UdpDatagram.decode(Arrays.copyOf(HI, n), SRC, DST).reason()).isEqualTo(DropReason.TRUNCATED);
        }
    }

    @Test
    void rejectsLengthFieldBelowEightOrBeyondTheBytesGiven() {
        final byte[] shortLen = HI.clone();
        shortLen[5] = 7;
        assertThat(UdpDatagram.decode(shortLen, SRC, DST).reason()).isEqualTo(DropReason.BAD_LENGTH);
        assertThat(UdpDatagram.decode(Arrays.copyOf(HI, 10), SRC, DST).reason()).isEqualTo(DropReason.BAD_LENGTH);
    }

    @Test
    void ignoresBytesBeyondTheLengthField() {
        final byte[] padded = Arrays.copyOf(HI, 20);
        assertThat(UdpDatagram.decode(padded, SRC, DST).value().payload().remaining()).isEqualTo(3);
    }

    @Test
    void rejectsAFlippedDataBitAsBadChecksum() {
        final byte[] d = HI.clone();
        d[9] ^= 1;
        assertThat(UdpDatagram.decode(d, SRC, DST).reason()).isEqualTo(DropReason.BAD_CHECKSUM);
    }

    @Test
    void fullStackEthernetIpv4UdpDecodesLayerByLayer() {
        final MacAddress mac = MacAddress.parse("02:00:00:00:00:01");
        final byte[] frame = EthernetFrame.of(MacAddress.BROADCAST, mac, EtherType.IPV4,
                Ipv4Packet.of(SRC, DST, IpProtocol.UDP, 1, 64,
                        ByteBuffer.wrap(UdpDatagram.of(1234, 53, "hi!".getBytes(StandardCharsets.US_ASCII))
                                .encode(SRC, DST))).encode()).encode();
        final Decoded<UdpDatagram> u = EthernetFrame.decode(frame)
                .flatMap(f -> Ipv4Packet.decode(f.payload()))
                .flatMap(p -> UdpDatagram.decode(p.payload(), p.source(), p.destination()));
        assertThat(u.value().destinationPort()).isEqualTo(53);
        assertThat(u.value().payload()).isEqualTo(ByteBuffer.wrap("hi!".getBytes(StandardCharsets.US_ASCII)));
    }
}
