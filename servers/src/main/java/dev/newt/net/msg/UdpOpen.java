package dev.newt.net.msg;

/**
 * Request from sock to udp: deliver datagrams for {@code port} to me. Answered with
 * {@link UdpOpened} or {@link SocketError}.
 *
 * @param port local port, 1..65535, or 0 for any free ephemeral port
 */
public record UdpOpen(int port) {
}
