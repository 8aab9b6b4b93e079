package dev.newt.net.msg;

import dev.newt.net.wire.Ipv4Address;

/**
 * A datagram to send, from a transport through pf to ip.
 *
 * @param source      source address, or {@link Ipv4Address#ANY} to let ip choose the interface's
 * @param destination destination address
 * @param protocol    IP protocol number
 * @param payload     the transport segment, checksum already computed; never changed
 */
public record IpOutbound(Ipv4Address source, Ipv4Address destination, int protocol, byte[] payload) {
}
