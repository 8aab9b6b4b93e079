package dev.newt.net.msg;

/**
 * Reply to {@link DgramClose}.
 *
 * @param socketId the closed socket
 */
public record DgramClosed(int socketId) {
}
