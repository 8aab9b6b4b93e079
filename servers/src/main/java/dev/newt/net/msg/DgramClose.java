package dev.newt.net.msg;

/**
 * Application request to sock: close the socket; pending receives fail with
 * {@link SocketError}. Answered with {@link DgramClosed}.
 *
 * @param socketId the socket
 */
public record DgramClose(int socketId) {
}
