package dev.newt.net.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArpPacketTest {
    static final MacAddress MAC_A = MacAddress.parse("02:00:00:00:00:01");
    static final MacAddress MAC_B = MacAddress.parse("02:00:00:00:00:02");
    static final Ipv4Address IP_A = Ipv4Address.parse("10.0.0.1");
    static final Ipv4Address IP_B = Ipv4Address.parse("10.0.0.2");

    /** Who has 10.0.0.2? Tell 10.0.0.1 — byte for byte as RFC 826 lays it out. */
    static final byte[] REQUEST = Hex.bytes(
            "00 01 08 00 06 04 00 01" // Ethernet, IPv4, 6, 4, request
            + " 02 00 00 00 00 01 0a 00 00 01" // sender 02:..:01 10.0.0.1
            + " 00 00 00 00 00 00 0a 00 00 02"); // target unknown, 10.0.0.2

    @Test
    void requestEncodesToTheRfc826Layout() {
        assertThat(Hex.of(ArpPacket.request(MAC_A, IP_A, IP_B).encode())).isEqualTo(Hex.of(REQUEST));
    }

    @Test
    void requestDecodesFromTheRfc826Layout() {
        final ArpPacket p = ArpPacket.decode(REQUEST).value();
        assertThat(p.operation()).isEqualTo(ArpPacket.Operation.REQUEST);
        assertThat(p.senderMac()).isEqualTo(MAC_A);
        assertThat(p.senderIp()).isEqualTo(IP_A);
        assertThat(p.targetMac()).isEqualTo(MacAddress.ZERO);
        assertThat(p.targetIp()).isEqualTo(IP_B);
    }

    @Test
    void replyToARequestSwapsRolesAndRoundTrips() {
        final ArpPacket reply = ArpPacket.replyTo(ArpPacket.request(MAC_A, IP_A, IP_B), MAC_B);
        assertThat(reply).isEqualTo(new ArpPacket(ArpPacket.Operation.REPLY, MAC_B, IP_B, MAC_A, IP_A));
        final byte[] wire = reply.encode();
        assertThat(wire[7]).isEqualTo((byte) 2);
        assertThat(ArpPacket.decode(wire).value()).isEqualTo(reply);
    }

    @Test
    void decodesInsideAPaddedEthernetFrame() {
        final byte[] frame = EthernetFrame.of(MacAddress.BROADCAST, MAC_A, EtherType.ARP, REQUEST).encode();
        assertThat(frame).hasSize(60);
        final EthernetFrame f = EthernetFrame.decode(frame).value();
        assertThat(ArpPacket.decode(f.payload()).value()).isEqualTo(ArpPacket.decode(REQUEST).value());
    }

    @Test
    void rejectsShortPacketAsTruncated() {
        assertThat(ArpPacket.decode(java.util.Arrays.copyOf(REQUEST, 27)).reason()).isEqualTo(DropReason.TRUNCATED);
        assertThat(ArpPacket.decode(new byte[0]).reason()).isEqualTo(DropReason.TRUNCATED);
    }

    @Test
    void rejectsOtherHardwareOrProtocolOrAddressSizes() {
        for (final int[] patch : new int[][] {{1, 6}, {2, 0x86}, {4, 8}, {5, 16}}) {
            final byte[] p = REQUEST.clone();
            p[patch[0]] = (byte) patch[1];
            assertThat(ArpPacket.decode(p).reason()).as("byte %d = %d", patch[0], patch[1])
                    .isEqualTo(DropReason.UNSUPPORTED_ADDRESS_TYPE);
        }
    }

    @Test
    void rejectsOperationOtherThanRequestOrReply() {
        final byte[] p = REQUEST.clone();
        p[7] = 3; // RARP request
        assertThat(ArpPacket.decode(p).reason()).isEqualTo(DropReason.UNKNOWN_OPERATION);
    }
}
