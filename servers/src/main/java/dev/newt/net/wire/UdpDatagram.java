package dev.newt.net.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A UDP datagram (RFC 768) carried in IPv4.
 *
 * <p>Length and checksum are not components: encoding computes them, decoding checks them. The
 * checksum covers the {@linkplain Ipv4PseudoHeader IPv4 pseudo-header}, so both directions need
 * the addresses. Encoding always sends a checksum; since 0 on the wire means "no checksum", a
 * computed 0 is sent as 0xFFFF, its one's complement equal. Decoding accepts 0 as "none" and then
 * checks nothing.
 *
 * @param sourcePort      0..65535
 * @param destinationPort 0..65535
 * @param payload         the data; kept as a read-only view
 */
public record UdpDatagram(int sourcePort, int destinationPort, ByteBuffer payload) {

    /** The UDP header: ports, length, checksum. */
    public static final int HEADER_LENGTH = 8;
    /** Largest payload the 16-bit length field allows. */
    public static final int MAX_PAYLOAD_LENGTH = 0xFFFF - HEADER_LENGTH;

    /** Checks the ports and the size and takes a read-only view of the payload. */
    public UdpDatagram {
        checkPort("sourcePort", sourcePort);
        checkPort("destinationPort", destinationPort);
        payload = Bytes.view(Objects.requireNonNull(payload, "payload"));
        if (payload.remaining() > MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException("UDP payload of " + payload.remaining() + " bytes exceeds "
                    + MAX_PAYLOAD_LENGTH);
        }
    }

    /**
     * @param sourcePort      source port
     * @param destinationPort destination port
     * @param payload         wrapped, not copied
     * @return the datagram
     */
    public static UdpDatagram of(final int sourcePort, final int destinationPort, final byte[] payload) {
        return new UdpDatagram(sourcePort, destinationPort, ByteBuffer.wrap(payload));
    }

    private static void checkPort(final String name, final int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException(name + " must be 0..65535, was " + port);
        }
    }

    /** @return a fresh read-only view of the payload */
    @Override
    public ByteBuffer payload() {
        return payload.duplicate();
    }

    /** @return the length field: header plus payload */
    public int length() {
        return HEADER_LENGTH + payload.remaining();
    }

    /**
     * Writes the datagram with its checksum at the buffer's position and advances it.
     *
     * @param dst         destination with at least {@link #length()} bytes remaining
     * @param source      IPv4 source address, for the pseudo-header
     * @param destination IPv4 destination address, for the pseudo-header
     */
    public void writeTo(final ByteBuffer dst, final Ipv4Address source, final Ipv4Address destination) {
        final int start = dst.position();
        Bytes.putU16(dst, sourcePort);
        Bytes.putU16(dst, destinationPort);
        Bytes.putU16(dst, length());
        Bytes.putU16(dst, 0); // checksum, computed over the finished datagram below
        Bytes.put(dst, payload);
        final int sum = Ipv4PseudoHeader.start(source, destination, IpProtocol.UDP, length())
                .add(dst, start, length())
                .value();
        Bytes.putU16(dst, start + 6, sum == 0 ? 0xFFFF : sum);
    }

    /**
     * @param source      IPv4 source address, for the pseudo-header
     * @param destination IPv4 destination address, for the pseudo-header
     * @return the datagram as bytes
     */
    public byte[] encode(final Ipv4Address source, final Ipv4Address destination) {
        final byte[] b = new byte[length()];
        writeTo(ByteBuffer.wrap(b), source, destination);
        return b;
    }

    /**
     * Encodes the datagram into a fresh buffer with {@code headroom} bytes in front for the headers
     * below, so that ip and nic prepend theirs into the same array (as for a TCP segment).
     *
     * @param source      IPv4 source address, for the pseudo-header
     * @param destination IPv4 destination address, for the pseudo-header
     * @param headroom    bytes to reserve in front
     * @return the datagram's view
     */
    public PacketBuffer encode(final Ipv4Address source, final Ipv4Address destination, final int headroom) {
        final PacketBuffer b = PacketBuffer.allocate(headroom, length());
        writeTo(ByteBuffer.wrap(b.array(), b.offset(), b.length()), source, destination);
        return b;
    }

    /**
     * Decodes and validates a datagram: at least 8 bytes ({@link DropReason#TRUNCATED}), a length
     * field from 8 up to the bytes given ({@link DropReason#BAD_LENGTH}), and, unless the checksum
     * field is 0, the checksum ({@link DropReason#BAD_CHECKSUM}). Bytes beyond the length field
     * are ignored.
     *
     * @param segment     the IP payload from position to limit; the position is not moved
     * @param source      IPv4 source address, for the pseudo-header
     * @param destination IPv4 destination address, for the pseudo-header
     * @return the datagram, its payload a view of {@code segment}
     */
    public static Decoded<UdpDatagram> decode(final ByteBuffer segment, final Ipv4Address source,
                                              final Ipv4Address destination) {
        final int b = segment.position();
        final int len = segment.remaining();
        if (len < HEADER_LENGTH) {
            return Decoded.drop(DropReason.TRUNCATED, "UDP datagram of " + len + " bytes, header needs 8");
        }
        final int length = Bytes.u16(segment, b + 4);
        if (length < HEADER_LENGTH || length > len) {
            return Decoded.drop(DropReason.BAD_LENGTH, "UDP length " + length + " with " + len + " bytes given");
        }
        final int checksum = Bytes.u16(segment, b + 6);
        if (checksum != 0
                && !Ipv4PseudoHeader.start(source, destination, IpProtocol.UDP, length).add(segment, b, length).isValid()) {
            return Decoded.drop(DropReason.BAD_CHECKSUM,
                    "UDP checksum 0x" + Integer.toHexString(checksum) + " does not verify");
        }
        return Decoded.ok(new UdpDatagram(Bytes.u16(segment, b), Bytes.u16(segment, b + 2),
                Bytes.view(segment, b + HEADER_LENGTH, length - HEADER_LENGTH)));
    }

    /**
     * @param segment     the bytes
     * @param source      IPv4 source address
     * @param destination IPv4 destination address
     * @return as {@link #decode(ByteBuffer, Ipv4Address, Ipv4Address)}
     */
    public static Decoded<UdpDatagram> decode(final byte[] segment, final Ipv4Address source,
                                              final Ipv4Address destination) {
        return decode(ByteBuffer.wrap(segment), source, destination);
    }

    @Override
    public String toString() {
        return "UdpDatagram[" + sourcePort + " -> " + destinationPort + ", payload=" + Bytes.hex(payload, 16) + "]";
    }
}
