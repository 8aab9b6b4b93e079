package dev.newt.net.msg;

import dev.newt.core.message.LongLived;

/**
 * Request: up to {@code max} bytes received in order. Answered as soon as at least one byte is
 * there, or at the end of the stream, with {@link StreamData}; or {@link SocketError} ({@code RESET}).
 *
 * <p>Long-lived by design ({@link LongLived}: no request deadline): it waits for data from the peer.
 *
 * @param connectionId the connection
 * @param max          most bytes wanted, at least 1
 */
public record StreamReceive(int connectionId, int max) implements LongLived {
}
