package dev.newt.net.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class ChecksumTest {

    /*
     * RFC 1071 section 3 example: bytes 00 01 f2 03 f4 f5 f6 f7.
     * 0001 + f203 = f204; + f4f5 = 1e6f9; + f6f7 = 2ddf0; fold: ddf0 + 2 = ddf2; checksum ~ddf2 = 220d.
     */
    private static final byte[] RFC1071 = Hex.bytes("00 01 f2 03 f4 f5 f6 f7");

    /*
     * The classic IPv4 header, checksum field b861. Sum with the field zeroed:
     * 4500 + 0073 = 4573; + 0000 = 4573; + 4000 = 8573; + 4011 = c584; + 0000 (cksum) = c584;
     * + c0a8 = 1862c; + 0001 = 1862d; + c0a8 = 246d5; + 00c7 = 2479c;
     * fold: 479c + 2 = 479e; checksum ~479e = b861.
     */
    static final byte[] CLASSIC_IPV4_HEADER =
            Hex.bytes("45 00 00 73 00 00 40 00 40 11 b8 61 c0 a8 00 01 c0 a8 00 c7");

    @Test
    void rfc1071ExampleSumsToDdf2AndChecksumIs220d() {
        final Checksum c = new Checksum().add(RFC1071);
        assertThat(c.sum()).isEqualTo(0xddf2);
        assertThat(c.value()).isEqualTo(0x220d);
    }

    @Test
    void classicIpv4HeaderWithFieldZeroedChecksumsToB861() {
        final byte[] h = CLASSIC_IPV4_HEADER.clone();
        h[10] = 0;
        h[11] = 0;
        assertThat(Checksum.compute(h, 0, h.length)).isEqualTo(0xb861);
    }

    @Test
    void classicIpv4HeaderVerifiesAndAFlippedBitDoesNot() {
        assertThat(Checksum.verify(CLASSIC_IPV4_HEADER, 0, 20)).isTrue();
        final byte[] h = CLASSIC_IPV4_HEADER.clone();
        h[15] ^= 0x04;
        assertThat(Checksum.verify(h, 0, 20)).isFalse();
    }

    @Test
    void oddLengthIsPaddedWithAZeroLowByte() {
        // ab alone is the word ab00: sum ab00, checksum ~ab00 = 54ff.
        assertThat(Checksum.compute(new byte[] {(byte) 0xab}, 0, 1)).isEqualTo(0x54ff);
        // 01 02 03 = 0102 + 0300 = 0402, checksum fbfd.
        assertThat(Checksum.compute(new byte[] {1, 2, 3}, 0, 3)).isEqualTo(0xfbfd);
    }

    @Test
    void summingInPiecesSplitAtOddBoundariesEqualsSummingTheWhole() {
        final byte[] data = new byte[101];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 37 + 11);
        }
        final int whole = Checksum.compute(data, 0, data.length);
        for (int a = 0; a <= data.length; a++) {
            for (int b = a; b <= data.length; b += 7) {
                final Checksum c = new Checksum()
                        .add(data, 0, a)
                        .add(ByteBuffer.wrap(data), a, b - a)
                        .add(data, b, data.length - b);
                assertThat(c.value()).as("split at %d and %d", a, b).isEqualTo(whole);
            }
        }
    }

    @Test
    void addShortAndAddIntEqualTheSameBytesInData() {
        final int viaFields = new Checksum().addInt(0xc0a80001).addShort(0x0011).addShort(0x00ff).value();
        final int viaBytes = Checksum.compute(Hex.bytes("c0 a8 00 01 00 11 00 ff"), 0, 8);
        assertThat(viaFields).isEqualTo(viaBytes);
        // and after an odd byte the short straddles two words exactly as its bytes would
        final int odd = new Checksum().add(new byte[] {7}).addShort(0x1234).value();
        assertThat(odd).isEqualTo(Checksum.compute(new byte[] {7, 0x12, 0x34}, 0, 3));
    }

    @Test
    void byteBufferSumIgnoresItsByteOrderAndLeavesItsPositionAlone() {
        final ByteBuffer b = ByteBuffer.wrap(RFC1071).order(ByteOrder.LITTLE_ENDIAN);
        b.position(2);
        // f203 + f4f5 = 1e6f8; + f6f7 = 2ddef; fold ddef + 2 = ddf1; checksum ~ddf1 = 220e
        assertThat(Checksum.compute(b)).isEqualTo(0x220e);
        assertThat(b.position()).isEqualTo(2);
    }

    @Test
    void emptyDataHasChecksumFfffAndDoesNotVerify() {
        assertThat(new Checksum().value()).isEqualTo(0xffff);
        assertThat(new Checksum().isValid()).isFalse();
    }

    @Test
    void resetForgetsEverythingIncludingOddAlignment() {
        final Checksum c = new Checksum().add(new byte[] {1, 2, 3});
        c.reset().add(RFC1071);
        assertThat(c.value()).isEqualTo(0x220d);
    }

    @Test
    void outOfRangeSliceIsAProgrammingErrorNotASilentWrongSum() {
        assertThatThrownBy(() -> new Checksum().add(RFC1071, 4, 5)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** The RFC 1071 sum computed the slow, obvious way: 16-bit words, folded at every step. */
    private static int referenceSum(final byte[] d, final int off, final int len) {
        int sum = 0;
        for (int i = 0; i < len; i += 2) {
            final int word = ((d[off + i] & 0xFF) << 8) | (i + 1 < len ? d[off + i + 1] & 0xFF : 0);
            sum += word;
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum;
    }

    @Test
    void eightBytesAtATimeGiveTheSameSumAsWordByWordForEveryLengthOffsetAndKindOfBuffer() {
        final java.util.SplittableRandom random = new java.util.SplittableRandom(1071);
        for (int n = 0; n < 2000; n++) {
            final byte[] d = new byte[1 + random.nextInt(300)];
            random.nextBytes(d);
            final int off = random.nextInt(d.length);
            final int len = random.nextInt(d.length - off + 1);
            final int expected = referenceSum(d, off, len);
            assertThat(new Checksum().add(d, off, len).sum()).as("array, length %d at %d", len, off)
                .isEqualTo(expected);
            final ByteBuffer readOnly = ByteBuffer.wrap(d).asReadOnlyBuffer();
            assertThat(new Checksum().add(readOnly, off, len).sum()).as("read-only, length %d", len)
                .isEqualTo(expected);
            final ByteBuffer little = ByteBuffer.allocateDirect(d.length).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .put(d).flip();
            assertThat(new Checksum().add(little, off, len).sum()).as("direct little-endian, length %d", len)
                .isEqualTo(expected);
        }
    }
}
