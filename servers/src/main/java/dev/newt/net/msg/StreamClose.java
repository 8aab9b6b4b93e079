package dev.newt.net.msg;

import dev.newt.core.message.LongLived;

/**
 * Request: close a connection (FIN after buffered data, then release it when the peer has closed
 * too) or a listener; {@code abort} resets the connection at once (RST) and drops buffered data.
 * Answered with {@link StreamClosed}; pending requests on it fail with {@link SocketError}
 * ({@code CLOSED}).
 *
 * <p>Long-lived by design ({@link LongLived}: no request deadline): it waits for the bytes before it,
 * bounded by tcp's retransmissions.
 *
 * @param id    a connection or listener
 * @param abort whether to reset instead of closing gracefully
 */
public record StreamClose(int id, boolean abort) implements LongLived {
}
