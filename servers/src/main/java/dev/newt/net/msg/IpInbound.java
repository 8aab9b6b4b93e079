package dev.newt.net.msg;

import dev.newt.net.wire.BufferCheck;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.PacketBuffer;

/**
 * A received IPv4 datagram for this host, from ip through pf to the transport of its protocol: a
 * view of the received frame, not a copy.
 *
 * @param source       source address
 * @param destination  destination address (this host, or a broadcast it accepts)
 * @param protocol     IP protocol number (17 UDP, 6 TCP)
 * @param datagram     the whole datagram, header included, so that a transport can quote it in an
 *                     ICMP error; never changed
 * @param headerLength length of the IPv4 header in {@code datagram}
 */
public record IpInbound(Ipv4Address source, Ipv4Address destination, int protocol, PacketBuffer datagram,
                        int headerLength) {
    /** Registers the bytes with the debug check of {@link BufferCheck}. */
    public IpInbound {
        BufferCheck.seal(datagram);
    }

    /**
     * A datagram of all of {@code packet}, wrapped, not copied.
     *
     * @param source       source address
     * @param destination  destination address
     * @param protocol     IP protocol number
     * @param packet       the whole datagram, or {@code null} (a malformed message)
     * @param headerLength length of the IPv4 header
     */
    public IpInbound(final Ipv4Address source, final Ipv4Address destination, final int protocol,
                     final byte[] packet, final int headerLength) {
        this(source, destination, protocol, packet == null ? null : PacketBuffer.wrap(packet), headerLength);
    }

    /** @return the datagram's bytes as an array (a copy unless the view is its whole array); for tests */
    public byte[] packet() {
        return datagram == null ? null : datagram.toArray();
    }
}
