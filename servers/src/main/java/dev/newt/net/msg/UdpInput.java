package dev.newt.net.msg;

import dev.newt.net.wire.Ipv4Address;

/**
 * One-way from udp to sock: a datagram arrived for an open port.
 *
 * @param source          sender address
 * @param sourcePort      sender port
 * @param destination     local address it was sent to
 * @param destinationPort local port
 * @param data            the payload
 */
public record UdpInput(Ipv4Address source, int sourcePort, Ipv4Address destination, int destinationPort, byte[] data) {
}
