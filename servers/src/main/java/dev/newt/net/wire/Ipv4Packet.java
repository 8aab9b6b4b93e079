package dev.newt.net.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An IPv4 datagram (RFC 791).
 *
 * <p>Version, IHL, total length and header checksum are not components: they follow from the
 * others, so {@link #encode()} computes them and {@link #decode(ByteBuffer)} checks them. Options
 * are kept as opaque bytes, never interpreted, so that a datagram that carried some re-encodes
 * to the same header. The flags' reserved bit (must be zero) is ignored on receive and sent as 0.
 *
 * <p>The fragment fields are exposed as on the wire ({@link #fragmentOffset()} in 8-byte units)
 * for a reassembler; {@link #isFragment()} says whether one is needed. Decoding does not check
 * that {@code fragmentOffsetBytes() + payload length} stays within 65535; that overflow (the
 * "ping of death") is the reassembler's to refuse.
 *
 * @param dscp           differentiated services code point, 0..63
 * @param ecn            explicit congestion notification, 0..3
 * @param identification 0..0xFFFF, shared by the fragments of one datagram
 * @param dontFragment   the DF flag
 * @param moreFragments  the MF flag: more fragments follow this one
 * @param fragmentOffset position of this fragment's payload in the datagram, in 8-byte units, 0..8191
 * @param ttl            time to live, 0..255
 * @param protocol       the payload's protocol, 0..255, such as {@link IpProtocol#UDP}
 * @param source         source address
 * @param destination    destination address
 * @param options        option bytes, a multiple of 4, at most 40; kept as a read-only view
 * @param payload        the payload; kept as a read-only view
 */
public record Ipv4Packet(int dscp, int ecn, int identification, boolean dontFragment, boolean moreFragments,
                         int fragmentOffset, int ttl, int protocol, Ipv4Address source, Ipv4Address destination,
                         ByteBuffer options, ByteBuffer payload) {

    /** Header length without options. */
    public static final int MIN_HEADER_LENGTH = 20;
    /** Header length with the most options IHL can describe (15 words). */
    public static final int MAX_HEADER_LENGTH = 60;
    /** Largest total length the 16-bit field holds. */
    public static final int MAX_TOTAL_LENGTH = 0xFFFF;
    /** A conventional initial TTL (the Linux default). */
    public static final int DEFAULT_TTL = 64;

    private static final int FLAG_DF = 0x4000;
    private static final int FLAG_MF = 0x2000;
    private static final int OFFSET_MASK = 0x1FFF;
    private static final ByteBuffer NO_OPTIONS = ByteBuffer.allocate(0).asReadOnlyBuffer();

    /** Checks every field's range and takes read-only views of options and payload. */
    public Ipv4Packet {
        checkRange("dscp", dscp, 63);
        checkRange("ecn", ecn, 3);
        checkRange("identification", identification, 0xFFFF);
        checkRange("fragmentOffset", fragmentOffset, OFFSET_MASK);
        checkRange("ttl", ttl, 255);
        checkRange("protocol", protocol, 255);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        options = Bytes.view(Objects.requireNonNull(options, "options"));
        payload = Bytes.view(Objects.requireNonNull(payload, "payload"));
        if (options.remaining() % 4 != 0 || options.remaining() > MAX_HEADER_LENGTH - MIN_HEADER_LENGTH) {
            throw new IllegalArgumentException("options must be a multiple of 4 bytes and at most 40, was "
                    + options.remaining());
        }
        final int total = MIN_HEADER_LENGTH + options.remaining() + payload.remaining();
        if (total > MAX_TOTAL_LENGTH) {
            throw new IllegalArgumentException("total length " + total + " exceeds 65535");
        }
    }

    /**
     * An unfragmented datagram without options: DSCP/ECN 0, DF clear.
     *
     * @param source         source address
     * @param destination    destination address
     * @param protocol       payload protocol
     * @param identification datagram id
     * @param ttl            time to live
     * @param payload        the payload
     * @return the datagram
     */
    public static Ipv4Packet of(final Ipv4Address source, final Ipv4Address destination, final int protocol,
                                final int identification, final int ttl, final ByteBuffer payload) {
        return new Ipv4Packet(0, 0, identification, false, false, 0, ttl, protocol, source, destination,
                NO_OPTIONS, payload);
    }

    private static void checkRange(final String name, final int value, final int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " must be 0.." + max + ", was " + value);
        }
    }

    /** @return a fresh read-only view of the options */
    @Override
    public ByteBuffer options() {
        return options.duplicate();
    }

    /** @return a fresh read-only view of the payload (reading it does not disturb this record) */
    @Override
    public ByteBuffer payload() {
        return payload.duplicate();
    }

    /** @return header length in bytes, 20..60 */
    public int headerLength() {
        return MIN_HEADER_LENGTH + options.remaining();
    }

    /** @return the IHL field: header length in 32-bit words, 5..15 */
    public int ihl() {
        return headerLength() / 4;
    }

    /** @return the total length field: header plus payload */
    public int totalLength() {
        return headerLength() + payload.remaining();
    }

    /** @return the payload length in bytes */
    public int payloadLength() {
        return payload.remaining();
    }

    /** @return the fragment offset in bytes ({@link #fragmentOffset()} times 8) */
    public int fragmentOffsetBytes() {
        return fragmentOffset * 8;
    }

    /** @return whether this is part of a larger datagram (MF set or a non-zero offset) */
    public boolean isFragment() {
        return moreFragments || fragmentOffset != 0;
    }

    /**
     * @param newTtl 0..255
     * @return a copy with another TTL, for forwarding
     */
    public Ipv4Packet withTtl(final int newTtl) {
        return new Ipv4Packet(dscp, ecn, identification, dontFragment, moreFragments, fragmentOffset, newTtl,
                protocol, source, destination, options, payload);
    }

    /**
     * Writes the datagram, computing its header checksum, at the buffer's position and advances it.
     *
     * @param dst destination with at least {@link #totalLength()} bytes remaining
     */
    public void writeTo(final ByteBuffer dst) {
        writeHeaderTo(dst);
        Bytes.put(dst, payload);
    }

    /**
     * Writes the header alone (options included), with its checksum, at the buffer's position and
     * advances it: how ip prepends a header in front of a payload that is already in place.
     *
     * @param dst destination with at least {@link #headerLength()} bytes remaining
     */
    public void writeHeaderTo(final ByteBuffer dst) {
        final int start = dst.position();
        Bytes.putU8(dst, 0x40 | ihl());
        Bytes.putU8(dst, (dscp << 2) | ecn);
        Bytes.putU16(dst, totalLength());
        Bytes.putU16(dst, identification);
        Bytes.putU16(dst, (dontFragment ? FLAG_DF : 0) | (moreFragments ? FLAG_MF : 0) | fragmentOffset);
        Bytes.putU8(dst, ttl);
        Bytes.putU8(dst, protocol);
        Bytes.putU16(dst, 0); // checksum, filled in once the header is complete
        source.writeTo(dst);
        destination.writeTo(dst);
        Bytes.put(dst, options);
        Bytes.putU16(dst, start + 10, new Checksum().add(dst, start, headerLength()).value());
    }

    /** @return the datagram as bytes, header checksum computed */
    public byte[] encode() {
        final byte[] b = new byte[totalLength()];
        writeTo(ByteBuffer.wrap(b));
        return b;
    }

    /**
     * Decodes and validates a datagram. Bytes beyond the total length (Ethernet padding) are
     * ignored; options are skipped, not parsed. The checks, in order: at least 20 bytes
     * ({@link DropReason#TRUNCATED}), version 4 ({@link DropReason#BAD_VERSION}), IHL of at least 5
     * ({@link DropReason#BAD_HEADER_LENGTH}), the whole header present ({@link DropReason#TRUNCATED}),
     * the header checksum ({@link DropReason#BAD_CHECKSUM}), and a total length no shorter than the
     * header and no longer than the bytes given ({@link DropReason#BAD_TOTAL_LENGTH}). TTL, fragments
     * and addresses are the IP server's policy, not checked here.
     *
     * @param packet the bytes from position to limit; the position is not moved
     * @return the datagram, its options and payload being views of {@code packet}
     */
    public static Decoded<Ipv4Packet> decode(final ByteBuffer packet) {
        final int b = packet.position();
        final int len = packet.remaining();
        if (len < MIN_HEADER_LENGTH) {
            return Decoded.drop(DropReason.TRUNCATED, "IPv4 packet of " + len + " bytes, header needs 20");
        }
        final int versionIhl = Bytes.u8(packet, b);
        final int version = versionIhl >>> 4;
        if (version != 4) {
            return Decoded.drop(DropReason.BAD_VERSION, "IP version " + version + ", expected 4");
        }
        final int headerLength = (versionIhl & 0xF) * 4;
        if (headerLength < MIN_HEADER_LENGTH) {
            return Decoded.drop(DropReason.BAD_HEADER_LENGTH, "IHL " + (versionIhl & 0xF) + ", minimum 5");
        }
        if (headerLength > len) {
            return Decoded.drop(DropReason.TRUNCATED,
                    "IPv4 header of " + headerLength + " bytes (IHL " + (versionIhl & 0xF) + ") but " + len + " given");
        }
        if (!Checksum.verify(packet, b, headerLength)) {
            return Decoded.drop(DropReason.BAD_CHECKSUM,
                    "IPv4 header checksum 0x" + Integer.toHexString(Bytes.u16(packet, b + 10)) + " does not verify");
        }
        final int totalLength = Bytes.u16(packet, b + 2);
        if (totalLength < headerLength) {
            return Decoded.drop(DropReason.BAD_TOTAL_LENGTH,
                    "total length " + totalLength + " shorter than header length " + headerLength);
        }
        if (totalLength > len) {
            return Decoded.drop(DropReason.BAD_TOTAL_LENGTH,
                    "total length " + totalLength + " but only " + len + " bytes given");
        }
        final int tos = Bytes.u8(packet, b + 1);
        final int flagsOffset = Bytes.u16(packet, b + 6);
        return Decoded.ok(new Ipv4Packet(tos >>> 2, tos & 3, Bytes.u16(packet, b + 4),
                (flagsOffset & FLAG_DF) != 0, (flagsOffset & FLAG_MF) != 0, flagsOffset & OFFSET_MASK,
                Bytes.u8(packet, b + 8), Bytes.u8(packet, b + 9),
                Ipv4Address.read(packet, b + 12), Ipv4Address.read(packet, b + 16),
                Bytes.view(packet, b + MIN_HEADER_LENGTH, headerLength - MIN_HEADER_LENGTH),
                Bytes.view(packet, b + headerLength, totalLength - headerLength)));
    }

    /**
     * @param packet the bytes
     * @return as {@link #decode(ByteBuffer)}
     */
    public static Decoded<Ipv4Packet> decode(final byte[] packet) {
        return decode(ByteBuffer.wrap(packet));
    }

    @Override
    public String toString() {
        return "Ipv4Packet[" + source + " -> " + destination + ", proto=" + protocol + ", ttl=" + ttl
                + ", id=" + identification + (dontFragment ? ", DF" : "") + (moreFragments ? ", MF" : "")
                + ", offset=" + fragmentOffset + ", dscp=" + dscp + ", ecn=" + ecn
                + ", options=" + Bytes.hex(options, 40) + ", payload=" + Bytes.hex(payload, 16) + "]";
    }
}
