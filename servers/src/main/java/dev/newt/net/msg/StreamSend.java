package dev.newt.net.msg;

/**
 * Request: append bytes to a connection's send buffer. Answered with {@link StreamSent} once all of
 * them are in the buffer (which may wait for the peer to acknowledge earlier data: this is how a
 * sender is flow-controlled), or {@link SocketError} ({@code RESET}, {@code CLOSED}).
 *
 * @param connectionId the connection
 * @param data         the bytes; never changed
 */
public record StreamSend(int connectionId, byte[] data) {
}
