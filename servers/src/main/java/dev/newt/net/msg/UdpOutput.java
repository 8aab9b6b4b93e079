package dev.newt.net.msg;

import dev.newt.net.wire.Ipv4Address;

/**
 * One-way from sock to udp: send a datagram.
 *
 * @param sourcePort      local port (must be open)
 * @param destination     destination address
 * @param destinationPort destination port
 * @param data            the payload
 */
public record UdpOutput(int sourcePort, Ipv4Address destination, int destinationPort, byte[] data) {
}
