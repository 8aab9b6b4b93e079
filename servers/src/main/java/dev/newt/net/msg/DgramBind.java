package dev.newt.net.msg;

/**
 * Application request to sock: open a datagram socket on {@code port} (0: any ephemeral port).
 * Answered with {@link DgramBound} or {@link SocketError}.
 *
 * @param port local port
 */
public record DgramBind(int port) {
}
