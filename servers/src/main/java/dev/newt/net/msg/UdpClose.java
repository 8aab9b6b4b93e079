package dev.newt.net.msg;

/**
 * One-way from sock to udp: stop delivering {@code port}.
 *
 * @param port local port
 */
public record UdpClose(int port) {
}
