package dev.newt.net.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class EthernetFrameTest {
    static final MacAddress A = MacAddress.parse("02:00:00:00:00:01");
    static final MacAddress B = MacAddress.parse("02:00:00:00:00:02");

    @Test
    void encodesHeaderFieldsInWireOrder() {
        final byte[] payload = new byte[46];
        payload[0] = 0x45;
        final byte[] frame = EthernetFrame.of(B, A, EtherType.IPV4, payload).encode();
        assertThat(frame).hasSize(60);
        assertThat(Hex.of(java.util.Arrays.copyOf(frame, 15)))
                .isEqualTo("02 00 00 00 00 02 02 00 00 00 00 01 08 00 45");
    }

    @Test
    void shortPayloadIsZeroPaddedToTheSixtyByteMinimum() {
        final byte[] frame = EthernetFrame.of(MacAddress.BROADCAST, A, EtherType.ARP, new byte[] {1, 2, 3}).encode();
        assertThat(frame).hasSize(EthernetFrame.MIN_FRAME_LENGTH);
        assertThat(frame[14]).isEqualTo((byte) 1);
        assertThat(frame[16]).isEqualTo((byte) 3);
        for (int i = 17; i < 60; i++) {
            assertThat(frame[i]).as("pad byte %d", i).isZero();
        }
        // the padding comes back as payload: only the layer above knows the real length
        assertThat(EthernetFrame.decode(frame).value().payloadLength()).isEqualTo(46);
    }

    @Test
    void payloadOfAtLeast46BytesIsNotPaddedAndRoundTrips() {
        for (final int n : new int[] {46, 47, 100, 1500, 9000}) {
            final byte[] payload = new byte[n];
            for (int i = 0; i < n; i++) {
                payload[i] = (byte) (i * 7);
            }
            final EthernetFrame f = EthernetFrame.of(B, A, EtherType.IPV4, payload);
            final byte[] wire = f.encode();
            assertThat(wire).hasSize(14 + n);
            final Decoded<EthernetFrame> back = EthernetFrame.decode(wire);
            assertThat(back.value()).isEqualTo(f);
            assertThat(back.value().destination()).isEqualTo(B);
            assertThat(back.value().source()).isEqualTo(A);
            assertThat(back.value().etherType()).isEqualTo(EtherType.IPV4);
        }
    }

    @Test
    void decodeReadsFromPositionInALittleEndianBufferWithoutMovingIt() {
        final byte[] wire = EthernetFrame.of(B, A, 0x86dd, new byte[50]).encode();
        final byte[] shifted = new byte[wire.length + 5];
        System.arraycopy(wire, 0, shifted, 3, wire.length);
        final ByteBuffer buf = ByteBuffer.wrap(shifted, 3, wire.length).order(ByteOrder.LITTLE_ENDIAN);
        final EthernetFrame f = EthernetFrame.decode(buf).value();
        assertThat(f.etherType()).isEqualTo(0x86dd);
        assertThat(f.destination()).isEqualTo(B);
        assertThat(f.payloadLength()).isEqualTo(50);
        assertThat(buf.position()).isEqualTo(3);
    }

    @Test
    void decodedPayloadIsAReadOnlyViewThatReadingDoesNotDisturb() {
        final EthernetFrame f = EthernetFrame.decode(EthernetFrame.of(B, A, EtherType.IPV4, new byte[60]).encode()).value();
        final ByteBuffer p = f.payload();
        assertThat(p.isReadOnly()).isTrue();
        p.get(new byte[10]);
        assertThat(f.payload().remaining()).isEqualTo(60);
    }

    @Test
    void rejectsFrameShorterThanItsHeaderAsTruncated() {
        for (int n = 0; n < 14; n++) {
            final Decoded<EthernetFrame> d = EthernetFrame.decode(new byte[n]);
            assertThat(d.reason()).as("%d bytes", n).isEqualTo(DropReason.TRUNCATED);
        }
        // a header with no payload at all is a valid, if useless, frame
        final byte[] bare = Hex.bytes("ff ff ff ff ff ff 02 00 00 00 00 01 08 06");
        assertThat(EthernetFrame.decode(bare).value().payloadLength()).isZero();
    }

    @Test
    void rejectsIeee8023LengthInTheTypeFieldAsUnknownEtherType() {
        final byte[] frame = EthernetFrame.of(B, A, EtherType.IPV4, new byte[46]).encode();
        frame[12] = 0x05;
        frame[13] = (byte) 0xdc; // 1500: an 802.3 length
        assertThat(EthernetFrame.decode(frame).reason()).isEqualTo(DropReason.UNKNOWN_ETHERTYPE);
        frame[12] = 0x06;
        frame[13] = 0x00; // 0x0600 is the first EtherType
        assertThat(EthernetFrame.decode(frame).isOk()).isTrue();
    }
}
