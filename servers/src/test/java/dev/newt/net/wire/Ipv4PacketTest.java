package dev.newt.net.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Ipv4PacketTest {
    static final Ipv4Address SRC = Ipv4Address.parse("192.168.0.1");
    static final Ipv4Address DST = Ipv4Address.parse("192.168.0.199");

    /** The classic header (checksum b861, hand-summed in ChecksumTest) followed by its 95 payload bytes. */
    static byte[] classicDatagram() {
        final byte[] d = new byte[0x73];
        System.arraycopy(ChecksumTest.CLASSIC_IPV4_HEADER, 0, d, 0, 20);
        for (int i = 20; i < d.length; i++) {
            d[i] = (byte) i;
        }
        return d;
    }

    /** Recomputes the header checksum after a test has edited the header, so a later check is reached. */
    static void fixHeaderChecksum(final byte[] d) {
        final int hl = (d[0] & 0xF) * 4;
        d[10] = 0;
        d[11] = 0;
        final int c = Checksum.compute(d, 0, hl);
        d[10] = (byte) (c >>> 8);
        d[11] = (byte) c;
    }

    @Test
    void classicHeaderDecodesIntoItsFields() {
        final Ipv4Packet p = Ipv4Packet.decode(classicDatagram()).value();
        assertThat(p.ihl()).isEqualTo(5);
        assertThat(p.dscp()).isZero();
        assertThat(p.ecn()).isZero();
        assertThat(p.totalLength()).isEqualTo(0x73);
        assertThat(p.identification()).isZero();
        assertThat(p.dontFragment()).isTrue();
        assertThat(p.moreFragments()).isFalse();
        assertThat(p.fragmentOffset()).isZero();
        assertThat(p.isFragment()).isFalse();
        assertThat(p.ttl()).isEqualTo(64);
        assertThat(p.protocol()).isEqualTo(IpProtocol.UDP);
        assertThat(p.source()).isEqualTo(SRC);
        assertThat(p.destination()).isEqualTo(DST);
        assertThat(p.payloadLength()).isEqualTo(0x73 - 20);
        assertThat(p.payload().get(0)).isEqualTo((byte) 20);
    }

    @Test
    void encodingTheClassicFieldsReproducesTheVectorIncludingChecksumB861() {
        final byte[] d = classicDatagram();
        final Ipv4Packet p = new Ipv4Packet(0, 0, 0, true, false, 0, 64, IpProtocol.UDP, SRC, DST,
                ByteBuffer.allocate(0), ByteBuffer.wrap(d, 20, d.length - 20));
        final byte[] wire = p.encode();
        assertThat(Hex.of(Arrays.copyOf(wire, 20))).isEqualTo(Hex.of(ChecksumTest.CLASSIC_IPV4_HEADER));
        assertThat(wire).isEqualTo(d);
    }

    @Test
    void roundTripsEveryFieldIncludingDscpEcnAndFragments() {
        final Ipv4Packet p = new Ipv4Packet(46, 2, 0xbeef, false, true, 185, 1, IpProtocol.ICMP,
                Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"), ByteBuffer.allocate(0),
                ByteBuffer.wrap(new byte[1480]));
        final byte[] wire = p.encode();
        // DSCP 46 (EF) << 2 | ECN 2 = 0xba; MF | offset 185 = 0x2000 | 0x00b9
        assertThat(wire[1]).isEqualTo((byte) 0xba);
        assertThat(wire[6]).isEqualTo((byte) 0x20);
        assertThat(wire[7]).isEqualTo((byte) 0xb9);
        final Ipv4Packet back = Ipv4Packet.decode(wire).value();
        assertThat(back).isEqualTo(p);
        assertThat(back.isFragment()).isTrue();
        assertThat(back.fragmentOffsetBytes()).isEqualTo(1480);
    }

    @Test
    void optionsAreSkippedToFindThePayloadAndKeptForReencoding() {
        // IHL 6: one word of options, Router Alert (94 04 00 00)
        final ByteBuffer options = ByteBuffer.wrap(Hex.bytes("94 04 00 00"));
        final Ipv4Packet p = new Ipv4Packet(0, 0, 7, false, false, 0, 1, 2, SRC, DST, options,
                ByteBuffer.wrap(Hex.bytes("11 22 33 44")));
        final byte[] wire = p.encode();
        assertThat(wire[0]).isEqualTo((byte) 0x46);
        assertThat(wire).hasSize(28);
        final Ipv4Packet back = Ipv4Packet.decode(wire).value();
        assertThat(back.headerLength()).isEqualTo(24);
        assertThat(back.payload()).isEqualTo(ByteBuffer.wrap(Hex.bytes("11 22 33 44")));
        assertThat(back.options()).isEqualTo(ByteBuffer.wrap(Hex.bytes("94 04 00 00")));
        assertThat(back.encode()).isEqualTo(wire);
    }

    @Test
    void maximalOptionsIhl15Decode() {
        final Ipv4Packet p = new Ipv4Packet(0, 0, 1, false, false, 0, 9, 253, SRC, DST,
                ByteBuffer.wrap(new byte[40]), ByteBuffer.wrap(new byte[] {42}));
        final byte[] wire = p.encode();
        assertThat(wire[0]).isEqualTo((byte) 0x4f);
        assertThat(Ipv4Packet.decode(wire).value().payload().get(0)).isEqualTo((byte) 42);
    }

    @Test
    void bytesBeyondTotalLengthLikeEthernetPaddingAreIgnored() {
        final byte[] small = Ipv4Packet.of(SRC, DST, IpProtocol.UDP, 1, 64, ByteBuffer.wrap(new byte[8])).encode();
        final byte[] frame = EthernetFrame.of(MacAddress.BROADCAST, MacAddress.ZERO, EtherType.IPV4, small).encode();
        final EthernetFrame f = EthernetFrame.decode(frame).value();
        assertThat(f.payloadLength()).isEqualTo(46);
        final Ipv4Packet p = Ipv4Packet.decode(f.payload()).value();
        assertThat(p.totalLength()).isEqualTo(28);
        assertThat(p.payloadLength()).isEqualTo(8);
    }

    @Test
    void reservedFlagBitIsIgnoredOnReceive() {
        final byte[] d = classicDatagram();
        d[6] |= (byte) 0x80;
        fixHeaderChecksum(d);
        assertThat(Ipv4Packet.decode(d).value().dontFragment()).isTrue();
    }

    @Test
    void rejectsAnythingShorterThanTheFixedHeaderAsTruncated() {
        final byte[] d = classicDatagram();
        for (int n = 0; n < 20; n++) {
            assertThat(Ipv4Packet.decode(Arrays.copyOf(d, n)).reason()).as("%d bytes", n)
                    .isEqualTo(DropReason.TRUNCATED);
        }
    }

    @Test
    void rejectsOptionsThatRunPastTheBufferAsTruncated() {
        final byte[] d = Arrays.copyOf(classicDatagram(), 22);
        d[0] = 0x46; // says 24 header bytes, 22 given
        assertThat(Ipv4Packet.decode(d).reason()).isEqualTo(DropReason.TRUNCATED);
    }

    @Test
    void rejectsVersionOtherThanFour() {
        final byte[] d = classicDatagram();
        d[0] = 0x65; // IPv6 nibble with a plausible IHL
        fixHeaderChecksum(d);
        assertThat(Ipv4Packet.decode(d).reason()).isEqualTo(DropReason.BAD_VERSION);
        d[0] = 0x05;
        assertThat(Ipv4Packet.decode(d).reason()).isEqualTo(DropReason.BAD_VERSION);
    }

    @Test
    void rejectsIhlBelowFive() {
        for (int ihl = 0; ihl < 5; ihl++) {
            final byte[] d = classicDatagram();
            d[0] = (byte) (0x40 | ihl);
            assertThat(Ipv4Packet.decode(d).reason()).as("IHL %d", ihl).isEqualTo(DropReason.BAD_HEADER_LENGTH);
        }
    }

    @Test
    void rejectsAFlippedHeaderBitAsBadChecksum() {
        for (int bit = 0; bit < 160; bit++) {
            final byte[] d = classicDatagram();
            d[bit / 8] ^= (byte) (1 << (bit % 8));
            final Decoded<Ipv4Packet> r = Ipv4Packet.decode(d);
            // flips in the version/IHL byte are caught earlier, by their own checks
            assertThat(r.isOk()).as("bit %d", bit).isFalse();
            if (bit >= 8) {
                assertThat(r.reason()).as("bit %d", bit).isEqualTo(DropReason.BAD_CHECKSUM);
            }
        }
    }

    @Test
    void rejectsTotalLengthLargerThanTheBuffer() {
        final byte[] d = Arrays.copyOf(classicDatagram(), 0x72); // one byte short of 0x73
        final Decoded<Ipv4Packet> r = Ipv4Packet.decode(d);
        assertThat(r.reason()).isEqualTo(DropReason.BAD_TOTAL_LENGTH);
        assertThat(r.detail()).contains("115").contains("114");
    }

    @Test
    void rejectsTotalLengthSmallerThanTheHeader() {
        final byte[] d = classicDatagram();
        d[2] = 0;
        d[3] = 19;
        fixHeaderChecksum(d);
        assertThat(Ipv4Packet.decode(d).reason()).isEqualTo(DropReason.BAD_TOTAL_LENGTH);
    }

    @Test
    void decodeLeavesTheInputPositionAlone() {
        final ByteBuffer b = ByteBuffer.wrap(classicDatagram());
        Ipv4Packet.decode(b);
        assertThat(b.position()).isZero();
        assertThat(b.remaining()).isEqualTo(0x73);
    }

    @Test
    void constructorRefusesOutOfRangeFieldsAndOversizedDatagrams() {
        final ByteBuffer none = ByteBuffer.allocate(0);
        assertThatThrownBy(() -> new Ipv4Packet(64, 0, 0, false, false, 0, 1, 1, SRC, DST, none, none))
                .hasMessageContaining("dscp");
        assertThatThrownBy(() -> new Ipv4Packet(0, 0, 0, false, false, 8192, 1, 1, SRC, DST, none, none))
                .hasMessageContaining("fragmentOffset");
        assertThatThrownBy(() -> new Ipv4Packet(0, 0, 0, false, false, 0, 256, 1, SRC, DST, none, none))
                .hasMessageContaining("ttl");
        assertThatThrownBy(() -> new Ipv4Packet(0, 0, 0, false, false, 0, 1, 1, SRC, DST,
                ByteBuffer.allocate(3), none)).hasMessageContaining("options");
        assertThatThrownBy(() -> Ipv4Packet.of(SRC, DST, 17, 0, 64, ByteBuffer.allocate(65516)))
                .hasMessageContaining("65535");
        assertThat(Ipv4Packet.of(SRC, DST, 17, 0, 64, ByteBuffer.allocate(65515)).totalLength()).isEqualTo(65535);
    }

    @Test
    void withTtlChangesOnlyTheTtlAndEncodingRecomputesTheChecksum() {
        final Ipv4Packet p = Ipv4Packet.decode(classicDatagram()).value();
        final byte[] wire = p.withTtl(63).encode();
        assertThat(wire[8]).isEqualTo((byte) 63);
        // TTL is the high byte of word 4: one less TTL adds 0x0100 to the checksum, b861 -> b961 (RFC 1624)
        assertThat(wire[10]).isEqualTo((byte) 0xb9);
        assertThat(wire[11]).isEqualTo((byte) 0x61);
    }
}
