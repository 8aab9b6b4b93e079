package dev.newt.net.msg;

/**
 * Request (application to sock, sock to tcp): listen for connections on a port. Answered with
 * {@link StreamListening} or {@link SocketError} ({@code ADDRESS_IN_USE}).
 *
 * @param port    local port, 1..65535
 * @param backlog most connections established and not yet accepted
 */
public record StreamListen(int port, int backlog) {
}
