package dev.newt.net.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A TCP segment (RFC 9293 section 3.1) carried in IPv4.
 *
 * <p>Data offset and checksum are not components: encoding computes them (the data offset from
 * the {@linkplain Options options} it writes, padded to a 32-bit boundary; the checksum over the
 * {@linkplain Ipv4PseudoHeader IPv4 pseudo-header} and the whole segment), decoding checks them.
 * Sequence and acknowledgment numbers are 32-bit unsigned on the wire and kept as Java
 * {@code int}s: compare them with modular arithmetic, never with {@code <}.
 *
 * <p>Options understood: end of list, no-operation, maximum segment size (kind 2), window scale
 * (kind 3) and SACK permitted (kind 4). Timestamps (kind 8), SACK blocks (kind 5) and any other
 * kind are skipped by their length; a malformed option list (a length below 2, or running past
 * the header) ends parsing there and keeps what was read before, as receivers do, rather than
 * dropping the segment.
 *
 * @param sourcePort           0..65535
 * @param destinationPort      0..65535
 * @param sequenceNumber       sequence number of the first octet (or of the SYN)
 * @param acknowledgmentNumber next sequence number expected, meaningful when {@link #ACK} is set
 * @param flags                the control bits, an or of {@link #FIN}, {@link #SYN}, {@link #RST},
 *                             {@link #PSH}, {@link #ACK}, {@link #URG}, {@link #ECE}, {@link #CWR}
 * @param window               the window field as sent (unscaled), 0..65535
 * @param urgentPointer        0..65535
 * @param options              the options
 * @param payload              the data; kept as a read-only view
 */
public record TcpSegment(int sourcePort, int destinationPort, int sequenceNumber, int acknowledgmentNumber,
                         int flags, int window, int urgentPointer, Options options, ByteBuffer payload) {

    /** No more data from the sender. */
    public static final int FIN = 0x01;
    /** Synchronize sequence numbers. */
    public static final int SYN = 0x02;
    /** Reset the connection. */
    public static final int RST = 0x04;
    /** Push function. */
    public static final int PSH = 0x08;
    /** The acknowledgment field is significant. */
    public static final int ACK = 0x10;
    /** The urgent pointer field is significant. */
    public static final int URG = 0x20;
    /** ECN echo (RFC 3168), carried but not acted on. */
    public static final int ECE = 0x40;
    /** Congestion window reduced (RFC 3168), carried but not acted on. */
    public static final int CWR = 0x80;

    /** The fixed header, without options. */
    public static final int MIN_HEADER_LENGTH = 20;
    /** The largest header a 4-bit data offset allows. */
    public static final int MAX_HEADER_LENGTH = 60;

    private static final int KIND_EOL = 0;
    private static final int KIND_NOP = 1;
    private static final int KIND_MSS = 2;
    private static final int KIND_WINDOW_SCALE = 3;
    private static final int KIND_SACK_PERMITTED = 4;

    /**
     * The options this stack understands. A field that is absent is -1 ({@code false} for SACK
     * permitted). Encoded in a fixed order, each padded with no-operations to four bytes:
     * MSS (4 bytes), NOP + window scale (4), NOP NOP + SACK permitted (4).
     *
     * @param mss           maximum segment size, 0..65535, or -1
     * @param windowScale   window scale shift count as sent, 0..255, or -1 (a receiver treats
     *                      more than 14 as 14, RFC 7323 2.3)
     * @param sackPermitted whether SACK permitted was present
     */
    public record Options(int mss, int windowScale, boolean sackPermitted) {
        /** No options at all. */
        public static final Options NONE = new Options(-1, -1, false);

        /** Checks the ranges. */
        public Options {
            if (mss < -1 || mss > 0xFFFF) {
                throw new IllegalArgumentException("MSS must be 0..65535 or -1 for none, was " + mss);
            }
            if (windowScale < -1 || windowScale > 0xFF) {
                throw new IllegalArgumentException("window scale must be 0..255 or -1 for none, was " + windowScale);
            }
        }

        /** @return whether an MSS option is present */
        public boolean hasMss() {
            return mss >= 0;
        }

        /** @return whether a window scale option is present */
        public boolean hasWindowScale() {
            return windowScale >= 0;
        }

        /** @return bytes the options take when encoded, a multiple of 4 */
        public int encodedLength() {
            return (hasMss() ? 4 : 0) + (hasWindowScale() ? 4 : 0) + (sackPermitted ? 4 : 0);
        }

        void writeTo(final ByteBuffer dst) {
            if (hasMss()) {
                Bytes.putU8(dst, KIND_MSS);
                Bytes.putU8(dst, 4);
                Bytes.putU16(dst, mss);
            }
            if (hasWindowScale()) {
                Bytes.putU8(dst, KIND_NOP);
                Bytes.putU8(dst, KIND_WINDOW_SCALE);
                Bytes.putU8(dst, 3);
                Bytes.putU8(dst, windowScale);
            }
            if (sackPermitted) {
                Bytes.putU8(dst, KIND_NOP);
                Bytes.putU8(dst, KIND_NOP);
                Bytes.putU8(dst, KIND_SACK_PERMITTED);
                Bytes.putU8(dst, 2);
            }
        }

        /** Parses {@code b[from, to)}; stops at the end-of-list or at the first malformed option. */
        static Options parse(final ByteBuffer b, final int from, final int to) {
            int mss = -1;
            int ws = -1;
            boolean sack = false;
            int i = from;
            while (i < to) {
                final int kind = Bytes.u8(b, i);
                if (kind == KIND_EOL) {
                    break;
                }
                if (kind == KIND_NOP) {
                    i++;
                    continue;
                }
                if (i + 1 >= to) {
                    break;
                }
                final int len = Bytes.u8(b, i + 1);
                if (len < 2 || i + len > to) {
                    break;
                }
                if (kind == KIND_MSS && len == 4) {
                    mss = Bytes.u16(b, i + 2);
                } else if (kind == KIND_WINDOW_SCALE && len == 3) {
                    ws = Bytes.u8(b, i + 2);
                } else if (kind == KIND_SACK_PERMITTED && len == 2) {
                    sack = true;
                }
                // Anything else (timestamps, SACK blocks, unknown kinds, known kinds with a wrong
                // length) is skipped by its length.
                i += len;
            }
            return new Options(mss, ws, sack);
        }
    }

    /** Checks the fields and the size and takes a read-only view of the payload. */
    public TcpSegment {
        checkU16("sourcePort", sourcePort);
        checkU16("destinationPort", destinationPort);
        checkU16("window", window);
        checkU16("urgentPointer", urgentPointer);
        if (flags < 0 || flags > 0xFF) {
            throw new IllegalArgumentException("flags must be 0..0xFF, was 0x" + Integer.toHexString(flags));
        }
        Objects.requireNonNull(options, "options");
        payload = Bytes.view(Objects.requireNonNull(payload, "payload"));
        final int max = Ipv4Packet.MAX_TOTAL_LENGTH - Ipv4Packet.MIN_HEADER_LENGTH - MIN_HEADER_LENGTH
            - options.encodedLength();
        if (payload.remaining() > max) {
            throw new IllegalArgumentException("TCP payload of " + payload.remaining() + " bytes exceeds " + max);
        }
    }

    /**
     * A segment without options or urgent data.
     *
     * @param sourcePort      source port
     * @param destinationPort destination port
     * @param seq             sequence number
     * @param ack             acknowledgment number
     * @param flags           control bits
     * @param window          window field
     * @param payload         wrapped, not copied
     * @return the segment
     */
    public static TcpSegment of(final int sourcePort, final int destinationPort, final int seq, final int ack,
                                final int flags, final int window, final byte[] payload) {
        return new TcpSegment(sourcePort, destinationPort, seq, ack, flags, window, 0, Options.NONE,
            ByteBuffer.wrap(payload));
    }

    private static void checkU16(final String name, final int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(name + " must be 0..65535, was " + v);
        }
    }

    /** @return a fresh read-only view of the payload */
    @Override
    public ByteBuffer payload() {
        return payload.duplicate();
    }

    /** @param flag one or more control bits @return whether all of them are set */
    public boolean has(final int flag) {
        return (flags & flag) == flag;
    }

    /** @return the number of data bytes */
    public int payloadLength() {
        return payload.remaining();
    }

    /** @return the sequence space the segment occupies: its data, plus one for SYN and one for FIN */
    public int segmentLength() {
        return payload.remaining() + (has(SYN) ? 1 : 0) + (has(FIN) ? 1 : 0);
    }

    /** @return the header length in bytes: 20 plus the options */
    public int headerLength() {
        return MIN_HEADER_LENGTH + options.encodedLength();
    }

    /** @return the data offset field: the header length in 32-bit words */
    public int dataOffset() {
        return headerLength() / 4;
    }

    /** @return header plus payload, in bytes */
    public int length() {
        return headerLength() + payload.remaining();
    }

    /** @return a copy of the payload */
    public byte[] payloadBytes() {
        final byte[] b = new byte[payload.remaining()];
        payload.duplicate().get(b);
        return b;
    }

    /**
     * Writes the segment with its checksum at the buffer's position and advances it.
     *
     * @param dst         destination with at least {@link #length()} bytes remaining
     * @param source      IPv4 source address, for the pseudo-header
     * @param destination IPv4 destination address, for the pseudo-header
     */
    public void writeTo(final ByteBuffer dst, final Ipv4Address source, final Ipv4Address destination) {
        final int start = dst.position();
        writeHeader(dst);
        Bytes.put(dst, payload);
        writeChecksum(dst, start, source, destination);
    }

    /**
     * Writes the header (options included) and the checksum in front of the payload, which must
     * already be in place: {@code buffer} is this segment's bytes, its last {@link #payloadLength()}
     * bytes the payload. How tcp encodes a segment whose payload it wrote straight into the
     * packet's buffer, so that the payload is written once.
     *
     * @param buffer      the segment's view, {@link #length()} bytes, freshly allocated and not yet sent
     * @param source      IPv4 source address, for the pseudo-header
     * @param destination IPv4 destination address, for the pseudo-header
     */
    public void writeHeaderInto(final PacketBuffer buffer, final Ipv4Address source, final Ipv4Address destination) {
        if (buffer.length() != length()) {
            throw new IllegalArgumentException(buffer + " is not a segment of " + length() + " bytes");
        }
        final ByteBuffer dst = ByteBuffer.wrap(buffer.array(), buffer.offset(), buffer.length());
        final int start = dst.position();
        writeHeader(dst);
        writeChecksum(dst, start, source, destination);
    }

    /** The header, options included, with a zero checksum: the checksum covers the finished segment. */
    private void writeHeader(final ByteBuffer dst) {
        Bytes.putU16(dst, sourcePort);
        Bytes.putU16(dst, destinationPort);
        Bytes.putI32(dst, sequenceNumber);
        Bytes.putI32(dst, acknowledgmentNumber);
        Bytes.putU8(dst, dataOffset() << 4);
        Bytes.putU8(dst, flags);
        Bytes.putU16(dst, window);
        Bytes.putU16(dst, 0);
        Bytes.putU16(dst, urgentPointer);
        options.writeTo(dst);
    }

    /** The checksum over the {@link #length()} bytes from {@code start}, with the IPv4 pseudo-header. */
    private void writeChecksum(final ByteBuffer dst, final int start, final Ipv4Address source,
                               final Ipv4Address destination) {
        final int sum = Ipv4PseudoHeader.start(source, destination, IpProtocol.TCP, length())
            .add(dst, start, length())
            .value();
        Bytes.putU16(dst, start + 16, sum);
    }

    /**
     * Encodes the segment into a fresh buffer with {@code headroom} bytes in front for the
     * headers below.
     *
     * @param source      IPv4 source address, for the pseudo-header
     * @param destination IPv4 destination address, for the pseudo-header
     * @param headroom    bytes to reserve in front
     * @return the segment's view
     */
    public PacketBuffer encode(final Ipv4Address source, final Ipv4Address destination, final int headroom) {
        final PacketBuffer b = PacketBuffer.allocate(headroom, length());
        writeTo(ByteBuffer.wrap(b.array(), b.offset(), b.length()), source, destination);
        return b;
    }

    /**
     * @param source      IPv4 source address, for the pseudo-header
     * @param destination IPv4 destination address, for the pseudo-header
     * @return the segment as bytes
     */
    public byte[] encode(final Ipv4Address source, final Ipv4Address destination) {
        final byte[] b = new byte[length()];
        writeTo(ByteBuffer.wrap(b), source, destination);
        return b;
    }

    /**
     * Decodes and validates a segment: at least 20 bytes ({@link DropReason#TRUNCATED}), a data
     * offset from 5 words up to the bytes given ({@link DropReason#BAD_HEADER_LENGTH}: the data
     * offset is TCP's header length field, as IHL is IPv4's), and the checksum over the
     * pseudo-header and every byte given ({@link DropReason#BAD_CHECKSUM}). TCP has no length
     * field: the segment is all of {@code segment}'s remaining bytes, so the caller must cut off
     * any link padding (by the IPv4 total length) first.
     *
     * @param segment     the IP payload from position to limit; the position is not moved
     * @param source      IPv4 source address, for the pseudo-header
     * @param destination IPv4 destination address, for the pseudo-header
     * @return the segment, its payload a view of {@code segment}
     */
    public static Decoded<TcpSegment> decode(final ByteBuffer segment, final Ipv4Address source,
                                             final Ipv4Address destination) {
        final int b = segment.position();
        final int len = segment.remaining();
        if (len < MIN_HEADER_LENGTH) {
            return Decoded.drop(DropReason.TRUNCATED, "TCP segment of " + len + " bytes, header needs 20");
        }
        final int offsetWords = Bytes.u8(segment, b + 12) >>> 4;
        final int headerLength = offsetWords * 4;
        if (offsetWords < 5 || headerLength > len) {
            return Decoded.drop(DropReason.BAD_HEADER_LENGTH, "TCP data offset " + offsetWords + " words with "
                + len + " bytes given");
        }
        if (len > Ipv4Packet.MAX_TOTAL_LENGTH - Ipv4Packet.MIN_HEADER_LENGTH) {
            return Decoded.drop(DropReason.BAD_LENGTH, "TCP segment of " + len + " bytes cannot fit an IPv4 datagram");
        }
        if (!Ipv4PseudoHeader.start(source, destination, IpProtocol.TCP, len).add(segment, b, len).isValid()) {
            return Decoded.drop(DropReason.BAD_CHECKSUM,
                "TCP checksum 0x" + Integer.toHexString(Bytes.u16(segment, b + 16)) + " does not verify");
        }
        final Options options = Options.parse(segment, b + MIN_HEADER_LENGTH, b + headerLength);
        final int dataLength = len - headerLength;
        final int maxData = Ipv4Packet.MAX_TOTAL_LENGTH - Ipv4Packet.MIN_HEADER_LENGTH - MIN_HEADER_LENGTH
            - options.encodedLength();
        if (dataLength > maxData) {
            // Possible only with options we skip: re-encoding with ours would not fit an IPv4 datagram.
            return Decoded.drop(DropReason.BAD_LENGTH, "TCP payload of " + dataLength + " bytes too long");
        }
        return Decoded.ok(new TcpSegment(Bytes.u16(segment, b), Bytes.u16(segment, b + 2),
            Bytes.i32(segment, b + 4), Bytes.i32(segment, b + 8), Bytes.u8(segment, b + 13),
            Bytes.u16(segment, b + 14), Bytes.u16(segment, b + 18), options,
            Bytes.view(segment, b + headerLength, dataLength)));
    }

    /**
     * @param segment     the bytes
     * @param source      IPv4 source address
     * @param destination IPv4 destination address
     * @return as {@link #decode(ByteBuffer, Ipv4Address, Ipv4Address)}
     */
    public static Decoded<TcpSegment> decode(final byte[] segment, final Ipv4Address source,
                                             final Ipv4Address destination) {
        return decode(ByteBuffer.wrap(segment), source, destination);
    }

    /** @return the control bits as letters, such as {@code SA} for SYN+ACK or {@code .} for none */
    public String flagString() {
        final StringBuilder sb = new StringBuilder();
        final String letters = "FSRPAUEC";
        for (int i = 0; i < letters.length(); i++) {
            if ((flags & (1 << i)) != 0) {
                sb.append(letters.charAt(i));
            }
        }
        return sb.length() == 0 ? "." : sb.toString();
    }

    @Override
    public String toString() {
        return "TcpSegment[" + sourcePort + " -> " + destinationPort + " " + flagString()
            + " seq=" + Integer.toUnsignedString(sequenceNumber) + " ack=" + Integer.toUnsignedString(acknowledgmentNumber)
            + " win=" + window + (options.equals(Options.NONE) ? "" : " " + options)
            + ", payload=" + Bytes.hex(payload, 16) + "]";
    }
}
