package dev.newt.net.msg;

import dev.newt.net.wire.BufferCheck;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.PacketBuffer;

/**
 * A datagram to send, from a transport through pf to ip. The segment is passed by reference: ip
 * prepends its header into the room in front of it when there is some (see {@link PacketBuffer}).
 *
 * @param source      source address, or {@link Ipv4Address#ANY} to let ip choose the interface's
 * @param destination destination address
 * @param protocol    IP protocol number
 * @param segment     the transport segment, checksum already computed; never changed
 */
public record IpOutbound(Ipv4Address source, Ipv4Address destination, int protocol, PacketBuffer segment) {
    /** Registers the bytes with the debug check of {@link BufferCheck}. */
    public IpOutbound {
        BufferCheck.seal(segment);
    }

    /**
     * A datagram of all of {@code payload}, wrapped, not copied (no room to prepend into).
     *
     * @param source      source address
     * @param destination destination address
     * @param protocol    IP protocol number
     * @param payload     the transport segment, or {@code null} (a malformed message)
     */
    public IpOutbound(final Ipv4Address source, final Ipv4Address destination, final int protocol,
                      final byte[] payload) {
        this(source, destination, protocol, payload == null ? null : PacketBuffer.wrap(payload));
    }

    /** @return the segment's bytes as an array (a copy unless the view is its whole array); for tests */
    public byte[] payload() {
        return segment == null ? null : segment.toArray();
    }
}
