package dev.newt.net.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IcmpMessageTest {

    /*
     * Echo request, id 0x1c46, seq 1, data "abcdefgh", checksum 4a23. With the field zeroed:
     * 0800 + 0000 = 0800; + 1c46 = 2446; + 0001 = 2447; + 6162 = 85a9; + 6364 = e90d;
     * + 6566 = 14e73; + 6768 = 1b5db; fold: b5db + 1 = b5dc; checksum ~b5dc = 4a23.
     */
    static final byte[] ECHO_REQUEST = Hex.bytes("08 00 4a 23 1c 46 00 01 61 62 63 64 65 66 67 68");

    /*
     * Its reply differs only in the type byte (0): 0000 + 0000 + 1c46 = 1c46; + 0001 = 1c47;
     * + 6162 = 7da9; + 6364 = e10d; + 6566 = 14673; + 6768 = 1addb; fold: addb + 1 = addc;
     * checksum ~addc = 5223.
     */
    static final byte[] ECHO_REPLY = Hex.bytes("00 00 52 23 1c 46 00 01 61 62 63 64 65 66 67 68");

    @Test
    void echoRequestEncodesToTheHandCheckedVector() {
        final IcmpEcho echo = IcmpEcho.request(0x1c46, 1, "abcdefgh".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(Hex.of(echo.encode())).isEqualTo(Hex.of(ECHO_REQUEST));
    }

    @Test
    void echoReplyEncodesToTheHandCheckedVector() {
        final IcmpEcho reply = IcmpEcho.request(0x1c46, 1, "abcdefgh".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .toReply();
        assertThat(Hex.of(reply.encode())).isEqualTo(Hex.of(ECHO_REPLY));
    }

    @Test
    void echoRequestDecodesFromTheHandCheckedVector() {
        final IcmpMessage m = IcmpMessage.decode(ECHO_REQUEST).value();
        assertThat(m).isInstanceOf(IcmpEcho.class);
        final IcmpEcho e = (IcmpEcho) m;
        assertThat(e.reply()).isFalse();
        assertThat(e.type()).isEqualTo(8);
        assertThat(e.identifier()).isEqualTo(0x1c46);
        assertThat(e.sequence()).isEqualTo(1);
        assertThat(e.data()).isEqualTo(ByteBuffer.wrap("abcdefgh".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertThat(IcmpMessage.decode(ECHO_REPLY).value()).isEqualTo(e.toReply());
    }

    @Test
    void oddLengthEchoRoundTrips() {
        final IcmpEcho e = IcmpEcho.request(0xffff, 0xfffe, new byte[] {1, 2, 3, 4, 5});
        assertThat(IcmpMessage.decode(e.encode()).value()).isEqualTo(e);
    }

    @Test
    void portUnreachableQuotesTheIpHeaderAndFirstEightBytes() {
        final UdpDatagram udp = UdpDatagram.of(5000, 9, new byte[100]);
        final Ipv4Address src = Ipv4Address.parse("10.0.0.1");
        final Ipv4Address dst = Ipv4Address.parse("10.0.0.2");
        final byte[] datagram = Ipv4Packet.of(src, dst, IpProtocol.UDP, 77, 64, ByteBuffer.wrap(udp.encode(src, dst)))
                .encode();
        final IcmpDestinationUnreachable u = IcmpDestinationUnreachable.portUnreachable(ByteBuffer.wrap(datagram));
        assertThat(u.code()).isEqualTo(3);
        assertThat(u.original()).isEqualTo(ByteBuffer.wrap(datagram, 0, 28));
        final byte[] wire = u.encode();
        assertThat(wire).hasSize(8 + 28);
        assertThat(wire[0]).isEqualTo((byte) 3);
        assertThat(wire[1]).isEqualTo((byte) 3);
        assertThat(Arrays.copyOfRange(wire, 4, 8)).containsOnly(0);
        assertThat(IcmpMessage.decode(wire).value()).isEqualTo(u);
        // the quote holds the UDP ports, so the sender can find the socket
        final ByteBuffer q = u.original();
        assertThat(Short.toUnsignedInt(q.getShort(20))).isEqualTo(5000);
        assertThat(Short.toUnsignedInt(q.getShort(22))).isEqualTo(9);
    }

    @Test
    void quoteFollowsIhlOverOptionsAndStopsAtShortDatagrams() {
        final Ipv4Packet withOptions = new Ipv4Packet(0, 0, 1, false, false, 0, 5, 17,
                Ipv4Address.parse("1.2.3.4"), Ipv4Address.parse("5.6.7.8"), ByteBuffer.allocate(8),
                ByteBuffer.allocate(50));
        assertThat(IcmpMessage.quote(withOptions).remaining()).isEqualTo(28 + 8);
        final Ipv4Packet tiny = Ipv4Packet.of(Ipv4Address.parse("1.2.3.4"), Ipv4Address.parse("5.6.7.8"), 17, 1, 5,
                ByteBuffer.allocate(3));
        assertThat(IcmpMessage.quote(tiny).remaining()).isEqualTo(23);
        assertThat(IcmpMessage.quote(ByteBuffer.allocate(0)).remaining()).isZero();
    }

    @Test
    void fragmentationNeededCarriesTheNextHopMtu() {
        final IcmpDestinationUnreachable u = new IcmpDestinationUnreachable(
                IcmpDestinationUnreachable.FRAGMENTATION_NEEDED, 1400, ByteBuffer.wrap(new byte[28]));
        final byte[] wire = u.encode();
        assertThat(wire[6]).isEqualTo((byte) 0x05);
        assertThat(wire[7]).isEqualTo((byte) 0x78);
        assertThat(IcmpMessage.decode(wire).value()).isEqualTo(u);
    }

    @Test
    void timeExceededRoundTrips() {
        final byte[] datagram = Ipv4Packet.of(Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.9.9.9"),
                IpProtocol.ICMP, 3, 0, ByteBuffer.wrap(ECHO_REQUEST)).encode();
        final IcmpTimeExceeded t = IcmpTimeExceeded.of(IcmpTimeExceeded.TTL_EXCEEDED_IN_TRANSIT, ByteBuffer.wrap(datagram));
        final byte[] wire = t.encode();
        assertThat(wire[0]).isEqualTo((byte) 11);
        assertThat(wire[1]).isZero();
        assertThat(t.original().remaining()).isEqualTo(28);
        assertThat(IcmpMessage.decode(wire).value()).isEqualTo(t);
    }

    @Test
    void rejectsMessagesShorterThanTheHeaderAsTruncated() {
        for (int n = 0; n < 8; n++) {
            assertThat(IcmpMessage.decode(Arrays.copyOf(ECHO_REQUEST, n)).reason()).isEqualTo(DropReason.TRUNCATED);
        }
    }

    @Test
    void rejectsAnyFlippedBitAsBadChecksum() {
        for (int bit = 0; bit < ECHO_REQUEST.length * 8; bit++) {
            final byte[] m = ECHO_REQUEST.clone();
            m[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(IcmpMessage.decode(m).reason()).as("bit %d", bit).isEqualTo(DropReason.BAD_CHECKSUM);
        }
    }

    @Test
    void rejectsAMissingTrailingByteAsBadChecksum() {
        // the checksum covers the whole message, so losing data shows up there
        assertThat(IcmpMessage.decode(Arrays.copyOf(ECHO_REQUEST, 15)).reason()).isEqualTo(DropReason.BAD_CHECKSUM);
    }

    @Test
    void rejectsUnmodelledTypesWithAValidChecksum() {
        // timestamp request, type 13: 0d00 + 0000 + 0000 = 0d00, checksum f2ff
        final byte[] ts = Hex.bytes("0d 00 f2 ff 00 00 00 00");
        assertThat(IcmpMessage.decode(ts).reason()).isEqualTo(DropReason.UNKNOWN_ICMP_TYPE);
    }
}
