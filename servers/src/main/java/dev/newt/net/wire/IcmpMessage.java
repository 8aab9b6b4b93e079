package dev.newt.net.wire;

import java.nio.ByteBuffer;

/**
 * An ICMP message (RFC 792) of one of the kinds this stack sends and understands: echo request
 * and reply, destination unreachable, time exceeded. Every ICMP message starts with type, code
 * and a checksum over the whole message, then four type-specific bytes, then data.
 */
public sealed interface IcmpMessage permits IcmpEcho, IcmpDestinationUnreachable, IcmpTimeExceeded {

    /** Type, code, checksum and the four type-specific bytes. */
    int HEADER_LENGTH = 8;
    /** Type of an echo reply. */
    int TYPE_ECHO_REPLY = 0;
    /** Type of a destination unreachable. */
    int TYPE_DESTINATION_UNREACHABLE = 3;
    /** Type of an echo request. */
    int TYPE_ECHO_REQUEST = 8;
    /** Type of a time exceeded. */
    int TYPE_TIME_EXCEEDED = 11;
    /** Bytes of the original datagram's data quoted after its header in an error message (64 bits). */
    int QUOTED_DATA_LENGTH = 8;

    /** @return the ICMP type */
    int type();

    /** @return the ICMP code */
    int code();

    /** @return the encoded length in bytes */
    int encodedLength();

    /**
     * Writes the message with its checksum at the buffer's position and advances it.
     *
     * @param dst destination with at least {@link #encodedLength()} bytes remaining
     */
    void writeTo(ByteBuffer dst);

    /** @return the message as bytes, checksum computed */
    default byte[] encode() {
        final byte[] b = new byte[encodedLength()];
        writeTo(ByteBuffer.wrap(b));
        return b;
    }

    /**
     * Decodes and validates a message: at least 8 bytes ({@link DropReason#TRUNCATED}), the
     * checksum over all the bytes given ({@link DropReason#BAD_CHECKSUM}), a modelled type
     * ({@link DropReason#UNKNOWN_ICMP_TYPE}). The buffer must hold exactly the message, as the IP
     * payload does, since the checksum covers it all. The code of an echo, always 0, is not checked.
     *
     * @param message the bytes from position to limit; the position is not moved
     * @return the message, its data a view of {@code message}
     */
    static Decoded<IcmpMessage> decode(final ByteBuffer message) {
        final int b = message.position();
        final int len = message.remaining();
        if (len < HEADER_LENGTH) {
            return Decoded.drop(DropReason.TRUNCATED, "ICMP message of " + len + " bytes, header needs 8");
        }
        if (!Checksum.verify(message, b, len)) {
            return Decoded.drop(DropReason.BAD_CHECKSUM,
                    "ICMP checksum 0x" + Integer.toHexString(Bytes.u16(message, b + 2)) + " does not verify");
        }
        final int type = Bytes.u8(message, b);
        final int code = Bytes.u8(message, b + 1);
        final ByteBuffer data = Bytes.view(message, b + HEADER_LENGTH, len - HEADER_LENGTH);
        switch (type) {
            case TYPE_ECHO_REQUEST:
            case TYPE_ECHO_REPLY:
                return Decoded.ok(new IcmpEcho(type == TYPE_ECHO_REPLY, Bytes.u16(message, b + 4),
                        Bytes.u16(message, b + 6), data));
            case TYPE_DESTINATION_UNREACHABLE:
                return Decoded.ok(new IcmpDestinationUnreachable(code, Bytes.u16(message, b + 6), data));
            case TYPE_TIME_EXCEEDED:
                return Decoded.ok(new IcmpTimeExceeded(code, data));
            default:
                return Decoded.drop(DropReason.UNKNOWN_ICMP_TYPE, "ICMP type " + type + " code " + code);
        }
    }

    /**
     * @param message the bytes
     * @return as {@link #decode(ByteBuffer)}
     */
    static Decoded<IcmpMessage> decode(final byte[] message) {
        return decode(ByteBuffer.wrap(message));
    }

    /**
     * What an ICMP error quotes of the datagram that caused it: the IP header (options included,
     * found from the IHL) and the first 64 bits of its data, which hold the UDP or TCP ports so
     * that the sender can tell which socket it concerns. Less if the datagram is shorter.
     *
     * @param datagram the offending IPv4 datagram from position to limit, as received
     * @return a read-only view of the quoted bytes
     */
    static ByteBuffer quote(final ByteBuffer datagram) {
        final int len = datagram.remaining();
        final int headerLength = len == 0 ? 0 : (Bytes.u8(datagram, datagram.position()) & 0xF) * 4;
        return Bytes.view(datagram, datagram.position(), Math.min(len, headerLength + QUOTED_DATA_LENGTH));
    }

    /**
     * @param datagram the offending datagram
     * @return {@link #quote(ByteBuffer)} of its encoding
     */
    static ByteBuffer quote(final Ipv4Packet datagram) {
        return quote(ByteBuffer.wrap(datagram.encode()));
    }
}
