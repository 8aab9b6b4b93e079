package dev.newt.net.msg;

/**
 * Request: close a connection (FIN after buffered data, then release it when the peer has closed
 * too) or a listener; {@code abort} resets the connection at once (RST) and drops buffered data.
 * Answered with {@link StreamClosed}; pending requests on it fail with {@link SocketError}
 * ({@code CLOSED}).
 *
 * @param id    a connection or listener
 * @param abort whether to reset instead of closing gracefully
 */
public record StreamClose(int id, boolean abort) {
}
