package dev.newt.net.msg;

/**
 * Application request to sock: the next datagram for the socket. Answered, when one arrives, with
 * {@link Datagram}, or with {@link SocketError} if the socket closes.
 *
 * @param socketId the socket
 */
public record DgramReceive(int socketId) {
}
