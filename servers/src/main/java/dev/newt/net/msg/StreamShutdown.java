package dev.newt.net.msg;

import dev.newt.core.message.LongLived;

/**
 * Request: no more data from us (send FIN after the buffered data). Answered with
 * {@link StreamClosed}.
 *
 * <p>Long-lived by design ({@link LongLived}: no request deadline): it waits for the bytes before it,
 * bounded by tcp's retransmissions.
 *
 * @param connectionId the connection
 */
public record StreamShutdown(int connectionId) implements LongLived {
}
