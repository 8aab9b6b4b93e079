package dev.newt.net.msg;

import dev.newt.net.wire.Ipv4Address;

/**
 * Reply to {@link DgramReceive}: one received datagram.
 *
 * @param source     sender address
 * @param sourcePort sender port
 * @param data       the payload
 */
public record Datagram(Ipv4Address source, int sourcePort, byte[] data) {
}
