package dev.newt.net.msg;

import dev.newt.net.wire.Ipv4Address;

/**
 * Application request to sock: send one datagram. Answered with {@link DgramSent} or
 * {@link SocketError}.
 *
 * @param socketId        the socket
 * @param destination     destination address
 * @param destinationPort destination port
 * @param data            the payload
 */
public record DgramSendTo(int socketId, Ipv4Address destination, int destinationPort, byte[] data) {
}
