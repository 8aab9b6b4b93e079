package dev.newt.net.msg;

/**
 * Reply to {@link UdpOpen}.
 *
 * @param port the port now open
 */
public record UdpOpened(int port) {
}
