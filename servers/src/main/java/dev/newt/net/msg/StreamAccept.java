package dev.newt.net.msg;

/**
 * Request: the next established connection of a listener. Answered when one is there with
 * {@link StreamAccepted}, or {@link SocketError} ({@code CLOSED}) if the listener closes.
 *
 * @param listenerId the listener
 */
public record StreamAccept(int listenerId) {
}
