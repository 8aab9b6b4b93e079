package dev.newt.net.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TcpSegmentTest {
    static final Ipv4Address A = Ipv4Address.parse("10.0.0.1");
    static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");

    /*
     * A SYN 10.0.0.1:49152 -> 10.0.0.2:80, seq 0x12345678, window 65535, options MSS 1460 and
     * NOP + window scale 7: data offset 7 words (28 bytes).
     * Pseudo-header 0a00 0001 0a00 0002 0006 001c:
     *   0a00 + 0001 = 0a01; + 0a00 = 1401; + 0002 = 1403; + 0006 = 1409; + 001c = 1425.
     * Header c000 0050 1234 5678 0000 0000 7002 ffff [0000] 0000, options 0204 05b4 0103 0307:
     *   1425 + c000 = d425; + 0050 = d475; + 1234 = e6a9; + 5678 = 13d21; + 0 + 0 = 13d21;
     *   + 7002 = 1ad23; + ffff = 2ad22; + 0 + 0 = 2ad22; + 0204 = 2af26; + 05b4 = 2b4da;
     *   + 0103 = 2b5dd; + 0307 = 2b8e4.
     * Fold: b8e4 + 2 = b8e6; checksum ~b8e6 = 4719.
     */
    static final byte[] SYN = Hex.bytes("c0 00 00 50 12 34 56 78 00 00 00 00 70 02 ff ff 47 19 00 00"
        + " 02 04 05 b4 01 03 03 07");

    /*
     * An ACK+PSH with data "hi!" 10.0.0.2:80 -> 10.0.0.1:49152, seq 0xfffffffe (two below the
     * wrap), ack 0x12345679, window 0x1000, no options: 23 bytes, the odd last byte padded with 00.
     * Pseudo-header 0a00 0002 0a00 0001 0006 0017:
     *   0a00 + 0002 = 0a02; + 0a00 = 1402; + 0001 = 1403; + 0006 = 1409; + 0017 = 1420.
     * Header 0050 c000 ffff fffe 1234 5679 5018 1000 [0000] 0000, data 6869 2100:
     *   1420 + 0050 = 1470; + c000 = d470; + ffff = 1d46f; + fffe = 2d46d; + 1234 = 2e6a1;
     *   + 5679 = 33d1a; + 5018 = 38d32; + 1000 = 39d32; + 6869 = 4059b; + 2100 = 4269b.
     * Fold: 269b + 4 = 269f; checksum ~269f = d960.
     */
    static final byte[] DATA = Hex.bytes("00 50 c0 00 ff ff ff fe 12 34 56 79 50 18 10 00 d9 60 00 00 68 69 21");

    private static TcpSegment synSegment() {
        return new TcpSegment(49152, 80, 0x12345678, 0, TcpSegment.SYN, 0xffff, 0,
            new TcpSegment.Options(1460, 7, false), ByteBuffer.allocate(0));
    }

    private static TcpSegment dataSegment() {
        return TcpSegment.of(80, 49152, 0xfffffffe, 0x12345679, TcpSegment.ACK | TcpSegment.PSH, 0x1000,
            "hi!".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void synWithMssAndWindowScaleEncodesToTheHandCheckedVector() {
        assertThat(Hex.of(synSegment().encode(A, B))).isEqualTo(Hex.of(SYN));
    }

    @Test
    void dataSegmentEncodesToTheHandCheckedVector() {
        assertThat(Hex.of(dataSegment().encode(B, A))).isEqualTo(Hex.of(DATA));
    }

    @Test
    void handCheckedVectorsDecodeToTheirFields() {
        final TcpSegment syn = TcpSegment.decode(SYN, A, B).value();
        assertThat(syn.sourcePort()).isEqualTo(49152);
        assertThat(syn.destinationPort()).isEqualTo(80);
        assertThat(syn.sequenceNumber()).isEqualTo(0x12345678);
        assertThat(syn.has(TcpSegment.SYN)).isTrue();
        assertThat(syn.has(TcpSegment.ACK)).isFalse();
        assertThat(syn.options()).isEqualTo(new TcpSegment.Options(1460, 7, false));
        assertThat(syn.dataOffset()).isEqualTo(7);
        assertThat(syn.segmentLength()).isEqualTo(1);

        final TcpSegment data = TcpSegment.decode(DATA, B, A).value();
        assertThat(Integer.toUnsignedLong(data.sequenceNumber())).isEqualTo(0xfffffffeL);
        assertThat(data.acknowledgmentNumber()).isEqualTo(0x12345679);
        assertThat(data.flagString()).isEqualTo("PA");
        assertThat(data.window()).isEqualTo(0x1000);
        assertThat(data.payloadBytes()).isEqualTo("hi!".getBytes(StandardCharsets.US_ASCII));
        assertThat(data.segmentLength()).isEqualTo(3);
        assertThat(data).isEqualTo(dataSegment());
    }

    @Test
    void checksumCoversThePseudoHeaderSoOtherAddressesFail() {
        assertThat(TcpSegment.decode(SYN, A, Ipv4Address.parse("10.0.0.3")).reason())
            .isEqualTo(DropReason.BAD_CHECKSUM);
        // and the direction matters only through the sum, which is symmetric: swapped addresses verify
        assertThat(TcpSegment.decode(SYN, B, A).isOk()).isTrue();
    }

    @Test
    void flippedPayloadBitIsABadChecksum() {
        final byte[] d = DATA.clone();
        d[21] ^= 0x10;
        assertThat(TcpSegment.decode(d, B, A).reason()).isEqualTo(DropReason.BAD_CHECKSUM);
    }

    @Test
    void segmentShorterThanTwentyBytesIsTruncated() {
        for (int n = 0; n < 20; n++) {
            assertThat(TcpSegment.decode(Arrays.copyOf(SYN, n), A, B).reason()).as("%d bytes", n)
                .isEqualTo(DropReason.TRUNCATED);
        }
    }

    @Test
    void dataOffsetBelowFiveOrBeyondTheSegmentIsABadHeaderLength() {
        final byte[] small = SYN.clone();
        small[12] = 0x40;
        assertThat(TcpSegment.decode(small, A, B).reason()).isEqualTo(DropReason.BAD_HEADER_LENGTH);
        final byte[] big = SYN.clone();
        big[12] = (byte) 0x80; // 32 bytes, 28 given
        assertThat(TcpSegment.decode(big, A, B).reason()).isEqualTo(DropReason.BAD_HEADER_LENGTH);
    }

    @Test
    void unknownTimestampAndSackOptionsAreSkippedByTheirLength() {
        // MSS 536, timestamps (kind 8, len 10), an unknown kind 0xfe of length 4, SACK permitted,
        // window scale 14, then end of list.
        final byte[] opts = Hex.bytes("02 04 02 18 08 0a 00 00 00 01 00 00 00 00 fe 04 ab cd 04 02 03 03 0e 00");
        final byte[] seg = withOptions(opts, new byte[] {1, 2, 3});
        final TcpSegment t = TcpSegment.decode(seg, A, B).value();
        assertThat(t.options()).isEqualTo(new TcpSegment.Options(536, 14, true));
        assertThat(t.payloadBytes()).containsExactly(1, 2, 3);
    }

    @Test
    void malformedOptionEndsParsingButKeepsTheSegment() {
        // MSS 1000, then an option of length 1 (invalid), then what would be a window scale
        final byte[] zeroLen = withOptions(Hex.bytes("02 04 03 e8 05 01 03 03 02 00 00 00"), new byte[0]);
        assertThat(TcpSegment.decode(zeroLen, A, B).value().options()).isEqualTo(new TcpSegment.Options(1000, -1, false));
        // an option whose length runs past the header
        final byte[] overrun = withOptions(Hex.bytes("01 01 02 08 05 b4"), new byte[0]);
        assertThat(TcpSegment.decode(overrun, A, B).value().options()).isEqualTo(TcpSegment.Options.NONE);
        // a kind byte in the last position, with no room for its length
        final byte[] lastKind = withOptions(Hex.bytes("01 01 01 02"), new byte[0]);
        assertThat(TcpSegment.decode(lastKind, A, B).value().options()).isEqualTo(TcpSegment.Options.NONE);
        // an MSS option with the wrong length is skipped, not misread
        final byte[] wrongLen = withOptions(Hex.bytes("02 03 05 01 03 03 01 00"), new byte[0]);
        assertThat(TcpSegment.decode(wrongLen, A, B).value().options()).isEqualTo(new TcpSegment.Options(-1, 1, false));
    }

    /** A checksummed segment A:1000 -> B:2000 with the raw option bytes given (padded to 4). */
    private static byte[] withOptions(final byte[] options, final byte[] data) {
        final int optLen = (options.length + 3) & ~3;
        final int hl = 20 + optLen;
        final byte[] b = new byte[hl + data.length];
        final ByteBuffer bb = ByteBuffer.wrap(b);
        bb.putShort((short) 1000).putShort((short) 2000).putInt(7).putInt(9);
        bb.put((byte) ((hl / 4) << 4)).put((byte) TcpSegment.ACK).putShort((short) 100).putShort((short) 0)
            .putShort((short) 0);
        bb.put(options);
        bb.position(hl);
        bb.put(data);
        final int sum = Ipv4PseudoHeader.start(A, B, IpProtocol.TCP, b.length).add(b).value();
        bb.putShort(16, (short) sum);
        return b;
    }

    @Test
    void roundTripsEveryFlagOptionCombinationAndPayloadSize() {
        final TcpSegment.Options[] options = {TcpSegment.Options.NONE, new TcpSegment.Options(1460, -1, false),
            new TcpSegment.Options(-1, 0, false), new TcpSegment.Options(-1, -1, true),
            new TcpSegment.Options(65535, 14, true), new TcpSegment.Options(0, 255, false)};
        for (final TcpSegment.Options o : options) {
            for (final int flags : new int[] {0, TcpSegment.SYN, TcpSegment.SYN | TcpSegment.ACK, TcpSegment.FIN
                | TcpSegment.ACK, TcpSegment.RST, 0xFF}) {
                for (final int n : new int[] {0, 1, 2, 1460, 65495 - o.encodedLength()}) {
                    final byte[] data = new byte[n];
                    Arrays.fill(data, (byte) 0x3c);
                    final TcpSegment t = new TcpSegment(1, 65535, -1, 0x80000000, flags, 12345, 77, o,
                        ByteBuffer.wrap(data));
                    final byte[] wire = t.encode(A, B);
                    assertThat(wire.length).isEqualTo(t.length());
                    assertThat(TcpSegment.decode(wire, A, B).value()).as("%s %d bytes", o, n).isEqualTo(t);
                }
            }
        }
    }

    @Test
    void constructorRejectsOutOfRangeFields() {
        assertThatThrownBy(() -> TcpSegment.of(-1, 1, 0, 0, 0, 0, new byte[0]))
            .hasMessageContaining("sourcePort");
        assertThatThrownBy(() -> TcpSegment.of(1, 1, 0, 0, 0x100, 0, new byte[0])).hasMessageContaining("flags");
        assertThatThrownBy(() -> TcpSegment.of(1, 1, 0, 0, 0, 65536, new byte[0])).hasMessageContaining("window");
        assertThatThrownBy(() -> new TcpSegment.Options(70000, -1, false)).hasMessageContaining("MSS");
        assertThatThrownBy(() -> TcpSegment.of(1, 1, 0, 0, 0, 0, new byte[65496])).hasMessageContaining("exceeds");
    }

    @Test
    void decodeReadsFromThePositionWithoutMovingIt() {
        final byte[] padded = new byte[DATA.length + 5];
        System.arraycopy(DATA, 0, padded, 5, DATA.length);
        final ByteBuffer b = ByteBuffer.wrap(padded);
        b.position(5);
        assertThat(TcpSegment.decode(b, B, A).value()).isEqualTo(dataSegment());
        assertThat(b.position()).isEqualTo(5);
    }

    /**
     * Seeded fuzzing from the two vectors and a segment with every option: bit flips,
     * truncations, random bytes, random data offsets and option bytes, each also with the checksum
     * recomputed so that the option parser sees hostile input. Decoding must never throw, and a
     * value that decodes re-encodes to bytes that decode to the same value.
     */
    @Test
    void twentyThousandMutatedSegmentsNeverMakeTheDecoderThrow() {
        final SplittableRandom rng = new SplittableRandom(0x7463_70L);
        final byte[][] seeds = {SYN, DATA, new TcpSegment(5, 6, 7, 8, 0x12, 9, 10,
            new TcpSegment.Options(1400, 3, true), ByteBuffer.wrap(new byte[40])).encode(A, B)};
        final TreeMap<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] s = seeds[rng.nextInt(seeds.length)].clone();
            final int kind = rng.nextInt(6);
            if (kind == 0) {
                s[rng.nextInt(s.length)] ^= (byte) (1 << rng.nextInt(8));
            } else if (kind == 1) {
                s = Arrays.copyOf(s, rng.nextInt(s.length + 1));
            } else if (kind == 2) {
                s = new byte[rng.nextInt(80)];
                rng.nextBytes(s);
            } else if (kind == 3) {
                s[12] = (byte) (rng.nextInt(16) << 4);
            } else {
                // random bytes over the options area and the data offset, then a valid checksum
                s = Arrays.copyOf(s, Math.max(s.length, 20 + rng.nextInt(48)));
                s[12] = (byte) ((5 + rng.nextInt(11)) << 4);
                for (int j = 20; j < s.length; j++) {
                    if (rng.nextInt(3) == 0) {
                        s[j] = (byte) (rng.nextBoolean() ? rng.nextInt(6) : rng.nextInt(256));
                    }
                }
            }
            if (kind >= 3 && s.length >= 20) {
                s[16] = 0;
                s[17] = 0;
                final int sum = Ipv4PseudoHeader.start(A, B, IpProtocol.TCP, s.length).add(s).value();
                s[16] = (byte) (sum >>> 8);
                s[17] = (byte) sum;
            }
            final Decoded<TcpSegment> d;
            try {
                d = TcpSegment.decode(s, A, B);
            } catch (RuntimeException e) {
                fail("decode threw on " + Hex.of(s), e);
                return;
            }
            outcomes.merge(d.isOk() ? "ok" : d.reason().name(), 1, Integer::sum);
            if (d.isOk()) {
                assertThat(TcpSegment.decode(d.value().encode(A, B), A, B).value()).isEqualTo(d.value());
            }
        }
        assertThat(outcomes).containsKeys("ok", "TRUNCATED", "BAD_HEADER_LENGTH", "BAD_CHECKSUM");
        assertThat(outcomes.get("ok")).isGreaterThan(2000);
    }
}
