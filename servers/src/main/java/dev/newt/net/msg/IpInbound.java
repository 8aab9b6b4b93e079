package dev.newt.net.msg;

import dev.newt.net.wire.Ipv4Address;

/**
 * A received IPv4 datagram for this host, from ip through pf to the transport of its protocol.
 *
 * @param source       source address
 * @param destination  destination address (this host, or a broadcast it accepts)
 * @param protocol     IP protocol number (17 UDP, 6 TCP)
 * @param packet       the whole datagram, header included, so that a transport can quote it in an
 *                     ICMP error; never changed
 * @param headerLength length of the IPv4 header in {@code packet}
 */
public record IpInbound(Ipv4Address source, Ipv4Address destination, int protocol, byte[] packet, int headerLength) {
}
