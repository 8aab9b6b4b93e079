package dev.newt.net.msg;

import dev.newt.net.wire.Ipv4Address;

/**
 * An ICMP echo reply, delivered by ip to the endpoint that sent the matching request.
 *
 * @param source     the host that answered
 * @param identifier ICMP identifier
 * @param sequence   ICMP sequence number
 * @param data       echo payload as received
 * @param ttl        TTL of the reply datagram
 */
public record PingReply(Ipv4Address source, int identifier, int sequence, byte[] data, int ttl) {
}
