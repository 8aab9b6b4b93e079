package dev.newt.net.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An ICMP destination unreachable (type 3): a datagram could not be delivered. It quotes the
 * offending datagram's header and first 8 data bytes ({@link IcmpMessage#quote(ByteBuffer)}).
 *
 * @param code       why, such as {@link #PORT_UNREACHABLE}; 0..255
 * @param nextHopMtu for {@link #FRAGMENTATION_NEEDED} the MTU of the next hop (RFC 1191), else 0
 * @param original   the quoted header and data; kept as a read-only view
 */
public record IcmpDestinationUnreachable(int code, int nextHopMtu, ByteBuffer original) implements IcmpMessage {

    /** Code: network unreachable. */
    public static final int NET_UNREACHABLE = 0;
    /** Code: host unreachable. */
    public static final int HOST_UNREACHABLE = 1;
    /** Code: protocol unreachable, no handler for the IP protocol. */
    public static final int PROTOCOL_UNREACHABLE = 2;
    /** Code: port unreachable, no UDP socket bound to the port. */
    public static final int PORT_UNREACHABLE = 3;
    /** Code: fragmentation needed but DF set. */
    public static final int FRAGMENTATION_NEEDED = 4;

    /** Checks the ranges and takes a read-only view of the quote. */
    public IcmpDestinationUnreachable {
        IcmpCodec.checkByte("code", code);
        IcmpCodec.checkShort("nextHopMtu", nextHopMtu);
        original = Bytes.view(Objects.requireNonNull(original, "original"));
    }

    /**
     * @param code     the code
     * @param datagram the offending datagram as received; its header and first 8 data bytes are quoted
     * @return the message
     */
    public static IcmpDestinationUnreachable of(final int code, final ByteBuffer datagram) {
        return new IcmpDestinationUnreachable(code, 0, IcmpMessage.quote(datagram));
    }

    /**
     * @param datagram the UDP datagram no socket wanted, as received (IP header included)
     * @return a port unreachable quoting it
     */
    public static IcmpDestinationUnreachable portUnreachable(final ByteBuffer datagram) {
        return of(PORT_UNREACHABLE, datagram);
    }

    /** @return a fresh read-only view of the quoted header and data */
    @Override
    public ByteBuffer original() {
        return original.duplicate();
    }

    @Override
    public int type() {
        return TYPE_DESTINATION_UNREACHABLE;
    }

    @Override
    public int encodedLength() {
        return HEADER_LENGTH + original.remaining();
    }

    @Override
    public void writeTo(final ByteBuffer dst) {
        // Bytes 4-5 are unused (zero); 6-7 carry the next-hop MTU, zero unless code 4.
        IcmpCodec.write(dst, TYPE_DESTINATION_UNREACHABLE, code, nextHopMtu, original);
    }

    @Override
    public String toString() {
        return "IcmpDestinationUnreachable[code=" + code + (nextHopMtu != 0 ? ", mtu=" + nextHopMtu : "")
                + ", original=" + Bytes.hex(original, 28) + "]";
    }
}
