package dev.newt.net.msg;

/**
 * Reply to {@link DgramBind}.
 *
 * @param socketId handle for the other datagram requests
 * @param port     the local port bound
 */
public record DgramBound(int socketId, int port) {
}
